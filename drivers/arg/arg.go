package arg

import "strconv"

// Num is a compiled integer expression over the iteration number and the
// worker index. Closures are built once at compile time; calling one does
// not allocate.
type Num func(iteration, worker int64) int64

// Iteration returns the iteration number.
func Iteration() Num { return func(i, _ int64) int64 { return i } }

// Worker returns the worker index.
func Worker() Num { return func(_, w int64) int64 { return w } }

// Lit returns a constant.
func Lit(v int64) Num { return func(_, _ int64) int64 { return v } }

// Part is one piece of a string template: a literal or a number.
type Part struct {
	Lit string
	Num Num // nil for a literal part
}

// Expr is a compiled step argument: either a constant or a template of
// literal and numeric parts. The zero value is the empty constant string.
type Expr struct {
	// Source is the expression as written, for plans and error messages.
	Source string `json:"source,omitempty"`
	// Resolved is Source with every part that reads neither iteration nor
	// worker replaced by its value (variables, locals, each), as plan
	// prints it; "" when that is Source itself. The compiler sets it.
	Resolved string `json:"-"`
	parts    []Part
	num      Num // set when the whole expression is a number
	konst    string
	isKon    bool
}

// Const returns an expression that is always s.
func Const(s string) Expr { return Expr{Source: strconv.Quote(s), konst: s, isKon: true} }

// Number returns an expression that is a single integer.
func Number(source string, n Num) Expr { return Expr{Source: source, num: n} }

// Template returns an expression that concatenates parts. Adjacent literal
// parts are merged; a template of literals only becomes a constant.
func Template(source string, parts ...Part) Expr {
	var merged []Part
	for _, p := range parts {
		if p.Num == nil && len(merged) > 0 && merged[len(merged)-1].Num == nil {
			merged[len(merged)-1].Lit += p.Lit
			continue
		}
		merged = append(merged, p)
	}
	if len(merged) == 0 {
		return Expr{Source: source, isKon: true}
	}
	if len(merged) == 1 && merged[0].Num == nil {
		return Expr{Source: source, konst: merged[0].Lit, isKon: true}
	}
	return Expr{Source: source, parts: merged}
}

// IsConst reports whether the value is the same for every iteration.
func (e Expr) IsConst() bool { return e.isKon }

// IsNumber reports whether the expression is a single integer.
func (e Expr) IsNumber() bool { return e.num != nil }

// ConstString returns the constant value; valid only when IsConst.
func (e Expr) ConstString() string { return e.konst }

// Int evaluates a numeric expression; for a constant it parses the string
// and returns 0 when it is not an integer.
func (e Expr) Int(iteration, worker int64) int64 {
	if e.num != nil {
		return e.num(iteration, worker)
	}
	if e.isKon {
		n, _ := strconv.ParseInt(e.konst, 10, 64)
		return n
	}
	return 0
}

// AppendTo appends the value for (iteration, worker) to dst.
func (e Expr) AppendTo(dst []byte, iteration, worker int64) []byte {
	switch {
	case e.isKon:
		return append(dst, e.konst...)
	case e.num != nil:
		return strconv.AppendInt(dst, e.num(iteration, worker), 10)
	}
	for _, p := range e.parts {
		if p.Num == nil {
			dst = append(dst, p.Lit...)
		} else {
			dst = strconv.AppendInt(dst, p.Num(iteration, worker), 10)
		}
	}
	return dst
}

// String evaluates the expression to a new string. It allocates unless the
// expression is constant; hot paths use AppendTo.
func (e Expr) String(iteration, worker int64) string {
	if e.isKon {
		return e.konst
	}
	return string(e.AppendTo(nil, iteration, worker))
}

// MarshalText renders the source form, so plans print what was written.
func (e Expr) MarshalText() ([]byte, error) {
	if e.Source != "" {
		return []byte(e.Source), nil
	}
	return []byte(strconv.Quote(e.konst)), nil
}
