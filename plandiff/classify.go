package plandiff

import (
	"math"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Class is how a check changed.
type Class string

// The classes of a changed check. A removed check is Loosened, an added
// one Tightened.
const (
	Same      Class = "same" // the conditions mean the same: no change
	Tightened Class = "tightened"
	Loosened  Class = "loosened"
	Changed   Class = "changed" // the two cannot be ordered
)

// Classify compares two check conditions (resolved: variables, locals and
// each replaced by their values) over the results they read. Each is split
// into the clauses of its top-level conjunction (a && b && c). A clause
// that compares one expression of the results (latency.p95) with a
// constant number bounds that expression; the clauses of one expression
// make an interval, and the old and new intervals are compared: the new
// one wider is loosened (p95 < 50 → < 100, throughput > 150 → > 100,
// < 50 → <= 50, == 50 → >= 40 && <= 60), narrower is tightened. An
// expression bounded on one side only is unbounded on the other: a
// dropped clause loosens, an added one tightens. Any other clause is
// compared as text (spacing and outer parentheses apart): one only in the
// new condition tightens, one only in the old loosens. When the parts
// disagree, or anything cannot be ordered (a condition that does not
// parse, a != bound that changed), the result is Changed; when every part
// is the same (clauses reordered, parentheses added), Same.
func Classify(oldCond, newCond string) Class {
	if normalizeExpr(oldCond) == normalizeExpr(newCond) {
		return Same
	}
	o, ok1 := clausesOf(oldCond)
	n, ok2 := clausesOf(newCond)
	if !ok1 || !ok2 {
		return Changed
	}
	var looser, tighter bool
	for _, subj := range unionKeys(o.bounds, n.bounds) {
		ob, nb := o.bounds[subj], n.bounds[subj]
		if ob == nil {
			ob = unbounded()
		}
		if nb == nil {
			nb = unbounded()
		}
		if ob.opaque || nb.opaque {
			if !ob.equal(nb) {
				return Changed
			}
			continue
		}
		wider, narrower := nb.contains(ob), ob.contains(nb)
		switch {
		case wider && narrower:
		case wider:
			looser = true
		case narrower:
			tighter = true
		default:
			return Changed
		}
	}
	for _, c := range o.other {
		if !slices.Contains(n.other, c) {
			looser = true
		}
	}
	for _, c := range n.other {
		if !slices.Contains(o.other, c) {
			tighter = true
		}
	}
	switch {
	case looser && tighter:
		return Changed
	case looser:
		return Loosened
	case tighter:
		return Tightened
	}
	// The same clauses, perhaps reordered or in other parentheses.
	return Same
}

// clauses is a condition split: bounds on expressions by the
// expression's normalised text, and the other clauses' normalised text.
type clauses struct {
	bounds map[string]*interval
	other  []string
}

func clausesOf(cond string) (clauses, bool) {
	expr, diags := hclsyntax.ParseExpression([]byte(cond), "", hcl.InitialPos)
	if diags.HasErrors() {
		return clauses{}, false
	}
	c := clauses{bounds: map[string]*interval{}}
	src := []byte(cond)
	for _, e := range conjuncts(expr) {
		subj, op, bound, ok := comparison(e, src)
		if !ok {
			c.other = append(c.other, normalizeExpr(text(e, src)))
			continue
		}
		iv := c.bounds[subj]
		if iv == nil {
			iv = unbounded()
			c.bounds[subj] = iv
		}
		iv.apply(op, bound)
	}
	return c, true
}

// conjuncts flattens a && b && c (and parentheses around any of them).
func conjuncts(e hclsyntax.Expression) []hclsyntax.Expression {
	switch x := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		return conjuncts(x.Expression) // (a && b), and (a) alone
	case *hclsyntax.BinaryOpExpr:
		if x.Op == hclsyntax.OpLogicalAnd {
			return append(conjuncts(x.LHS), conjuncts(x.RHS)...)
		}
	}
	return []hclsyntax.Expression{e}
}

// comparison recognises SUBJECT OP NUMBER (or NUMBER OP SUBJECT, turned
// round), where SUBJECT reads something and NUMBER is a constant.
func comparison(e hclsyntax.Expression, src []byte) (subj string, op *hclsyntax.Operation, bound float64, ok bool) {
	for {
		p, isParen := e.(*hclsyntax.ParenthesesExpr)
		if !isParen {
			break
		}
		e = p.Expression
	}
	b, isBin := e.(*hclsyntax.BinaryOpExpr)
	if !isBin {
		return "", nil, 0, false
	}
	op = b.Op
	switch op {
	case hclsyntax.OpLessThan, hclsyntax.OpLessThanOrEqual, hclsyntax.OpGreaterThan,
		hclsyntax.OpGreaterThanOrEqual, hclsyntax.OpEqual, hclsyntax.OpNotEqual:
	default:
		return "", nil, 0, false
	}
	lhs, rhs := b.LHS, b.RHS
	if n, isNum := constNumber(lhs); isNum {
		if _, both := constNumber(rhs); both {
			return "", nil, 0, false
		}
		lhs, rhs = rhs, lhs
		op = flip(op)
		bound = n
	} else if n, isNum := constNumber(rhs); isNum {
		bound = n
	} else {
		return "", nil, 0, false
	}
	if len(lhs.Variables()) == 0 {
		return "", nil, 0, false
	}
	return normalizeExpr(text(lhs, src)), op, bound, true
}

// constNumber evaluates an expression that reads nothing to a number.
func constNumber(e hclsyntax.Expression) (float64, bool) {
	if len(e.Variables()) > 0 {
		return 0, false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		return 0, false
	}
	f, _ := v.AsBigFloat().Float64()
	return f, true
}

func flip(op *hclsyntax.Operation) *hclsyntax.Operation {
	switch op {
	case hclsyntax.OpLessThan:
		return hclsyntax.OpGreaterThan
	case hclsyntax.OpLessThanOrEqual:
		return hclsyntax.OpGreaterThanOrEqual
	case hclsyntax.OpGreaterThan:
		return hclsyntax.OpLessThan
	case hclsyntax.OpGreaterThanOrEqual:
		return hclsyntax.OpLessThanOrEqual
	}
	return op // == and != are symmetric
}

func text(e hclsyntax.Expression, src []byte) string {
	r := e.Range()
	return string(r.SliceBytes(src))
}

// interval is the values a conjunction of bounds on one expression
// allows: lo..hi, each end open or closed. opaque holds != bounds, which
// an interval cannot say: such an interval equals only the same one.
type interval struct {
	lo, hi         float64
	loIncl, hiIncl bool
	opaque         bool
	ne             []float64
}

func unbounded() *interval { return &interval{lo: math.Inf(-1), hi: math.Inf(1)} }

func (iv *interval) apply(op *hclsyntax.Operation, n float64) {
	switch op {
	case hclsyntax.OpLessThan:
		iv.upper(n, false)
	case hclsyntax.OpLessThanOrEqual:
		iv.upper(n, true)
	case hclsyntax.OpGreaterThan:
		iv.lower(n, false)
	case hclsyntax.OpGreaterThanOrEqual:
		iv.lower(n, true)
	case hclsyntax.OpEqual:
		iv.upper(n, true)
		iv.lower(n, true)
	case hclsyntax.OpNotEqual:
		iv.opaque = true
		iv.ne = append(iv.ne, n)
		slices.Sort(iv.ne)
	}
}

func (iv *interval) upper(n float64, incl bool) {
	if n < iv.hi || n == iv.hi && !incl {
		iv.hi, iv.hiIncl = n, incl
	}
}

func (iv *interval) lower(n float64, incl bool) {
	if n > iv.lo || n == iv.lo && !incl {
		iv.lo, iv.loIncl = n, incl
	}
}

func (iv *interval) equal(o *interval) bool {
	return iv.lo == o.lo && iv.hi == o.hi && iv.loIncl == o.loIncl && iv.hiIncl == o.hiIncl &&
		iv.opaque == o.opaque && slices.Equal(iv.ne, o.ne)
}

// contains reports whether every value o allows, iv allows.
func (iv *interval) contains(o *interval) bool {
	loOK := iv.lo < o.lo || iv.lo == o.lo && (iv.loIncl || !o.loIncl)
	hiOK := iv.hi > o.hi || iv.hi == o.hi && (iv.hiIncl || !o.hiIncl)
	return loOK && hiOK
}

func unionKeys(a, b map[string]*interval) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// normalizeExpr is an expression's text with its spacing, line breaks
// and comments made canonical: its tokens joined by one space, so that a
// change of formatting is no change. Text that does not lex is returned
// trimmed.
func normalizeExpr(src string) string {
	toks, diags := hclsyntax.LexExpression([]byte(src), "", hcl.InitialPos)
	if diags.HasErrors() {
		return strings.TrimSpace(src)
	}
	var b strings.Builder
	prev := hclsyntax.TokenNil
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenComment, hclsyntax.TokenEOF:
			continue
		}
		if b.Len() > 0 && spaced(prev, t.Type) {
			b.WriteByte(' ')
		}
		b.Write(t.Bytes)
		prev = t.Type
	}
	return b.String()
}

// spaced says whether a space goes between two tokens: not inside quoted
// strings and templates, nor around dots, brackets and parentheses.
func spaced(prev, next hclsyntax.TokenType) bool {
	switch prev {
	case hclsyntax.TokenOQuote, hclsyntax.TokenQuotedLit, hclsyntax.TokenTemplateInterp,
		hclsyntax.TokenTemplateControl, hclsyntax.TokenDot, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
		hclsyntax.TokenOHeredoc, hclsyntax.TokenStringLit, hclsyntax.TokenBang:
		return false
	}
	switch next {
	case hclsyntax.TokenCQuote, hclsyntax.TokenQuotedLit, hclsyntax.TokenTemplateSeqEnd,
		hclsyntax.TokenDot, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenOBrack,
		hclsyntax.TokenComma, hclsyntax.TokenCHeredoc, hclsyntax.TokenStringLit:
		return false
	}
	if next == hclsyntax.TokenOParen && prev == hclsyntax.TokenIdent {
		return false // a function call
	}
	if prev == hclsyntax.TokenTemplateSeqEnd {
		return next != hclsyntax.TokenQuotedLit && next != hclsyntax.TokenCQuote
	}
	return true
}
