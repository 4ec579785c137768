//go:build !linux

package fsys

// Exchange is not available here: it reports false, and the caller
// renames in two steps.
func Exchange(a, b string) (bool, error) { return false, nil }
