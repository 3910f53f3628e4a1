package dsl

import "github.com/hashicorp/hcl/v2"

// Attr is one decoded attribute: its value, whether the file set it, and
// where. When Set is false, Val is the zero value (the compiler applies the
// default) and Range is the enclosing block's header.
type Attr[T any] struct {
	Val   T
	Set   bool
	Range hcl.Range
}

// Or returns the value when set, else def.
func (a Attr[T]) Or(def T) T {
	if a.Set {
		return a.Val
	}
	return def
}

// unset is an attribute the file did not write, located at the block
// header r.
func unset[T any](r hcl.Range) Attr[T] {
	return Attr[T]{Range: r}
}

func (a Attr[T]) isSet() bool { return a.Set }
