package format

import (
	"bytes"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
)

// Result is one file formatted in memory.
type Result struct {
	Filename string
	// Old is the file as read; New its canonical form, nil when the file
	// has syntax errors (then Diags holds them).
	Old, New []byte
	Diags    hcl.Diagnostics
}

// Changed reports whether formatting would change the file.
func (r *Result) Changed() bool {
	return r.New != nil && !bytes.Equal(r.Old, r.New)
}

// File reads and formats the file at path without writing it.
func File(path string) (*Result, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("format: read %s: %w", path, err)
	}
	return Bytes(path, src), nil
}

// Bytes formats src, read from filename, without writing anything.
func Bytes(filename string, src []byte) *Result {
	out, diags := Source(src, filename)
	return &Result{Filename: filename, Old: src, New: out, Diags: diags}
}

// Write rewrites the file in place with its canonical form when that
// differs, keeping the file's permissions. It refuses a result with syntax
// errors.
func (r *Result) Write() error {
	if r.New == nil {
		return fmt.Errorf("format: %s has syntax errors; not written", r.Filename)
	}
	if !r.Changed() {
		return nil
	}
	info, err := os.Stat(r.Filename)
	if err != nil {
		return fmt.Errorf("format: %w", err)
	}
	// Writing over the existing file (not a rename) keeps its mode, owner
	// and links.
	if err := os.WriteFile(r.Filename, r.New, info.Mode().Perm()); err != nil {
		return fmt.Errorf("format: write %s: %w", r.Filename, err)
	}
	return nil
}
