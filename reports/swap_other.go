//go:build !linux

package reports

// exchange is not available here; replaceDir renames in two steps.
func exchange(a, b string) (bool, error) { return false, nil }
