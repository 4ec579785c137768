// Package fsys holds what the report writer needs of the operating system
// that differs between systems: file locks that go with the process, and
// swapping two folders in one step.
package fsys
