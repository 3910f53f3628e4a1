package dsl

import (
	"errors"
	"fmt"
	"math"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// Guard tracks what a load is evaluating, so that a watchdog on another
// goroutine (see Watch) can say where a load that went wrong was. The zero
// value is ready; a nil *Guard tracks nothing.
type Guard struct {
	cur atomic.Pointer[hcl.Range]
}

// Evaluating returns the range of the expression (or file) the load is at.
func (g *Guard) Evaluating() (hcl.Range, bool) {
	if g == nil {
		return hcl.Range{}, false
	}
	if r := g.cur.Load(); r != nil {
		return *r, true
	}
	return hcl.Range{}, false
}

func (g *Guard) at(r hcl.Range) {
	if g != nil {
		g.cur.Store(&r)
	}
}

// Bounds of Watch (docs/dsl.md, "Limits").
const (
	// MaxHeapBytes is how large the Go heap may grow while loading.
	MaxHeapBytes = 1 << 30
	// MaxLoadTime is how long loading and compiling may take.
	MaxLoadTime = 8 * time.Second
)

// Watch is the last line of defence of a load: until stop is called, it
// polls the Go heap and the clock every few milliseconds, and when the
// heap holds more than MaxHeapBytes or the load has run for MaxLoadTime it
// calls exceeded, once, with a diagnostic at the expression g says is
// being evaluated. exceeded runs on the watchdog's goroutine while the
// load goes on: the caller decides what to do (the CLI prints it and
// exits with status 2). After stop returns, exceeded is never called.
func Watch(g *Guard, exceeded func(*hcl.Diagnostic)) (stop func()) {
	var mu sync.Mutex
	stopped := false
	done := make(chan struct{})
	start := time.Now()
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			var what string
			if sample[0].Value.Kind() == metrics.KindUint64 && sample[0].Value.Uint64() > MaxHeapBytes {
				what = fmt.Sprintf("loading needed more than %s of memory", byteCount(MaxHeapBytes))
			} else if time.Since(start) > MaxLoadTime {
				what = fmt.Sprintf("loading took longer than %s", MaxLoadTime)
			} else {
				continue
			}
			mu.Lock()
			if !stopped {
				stopped = true
				exceeded(watchDiag(g, what))
			}
			mu.Unlock()
			return
		}
	}()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			stopped = true
			close(done)
		}
	}
}

func watchDiag(g *Guard, what string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Evaluation too expensive"}
	if r, ok := g.Evaluating(); ok {
		d.Subject = r.Ptr()
		d.Detail = fmt.Sprintf("Gave up: %s, while evaluating this. An expression that multiplies sizes (nested for expressions, templates that repeat a large value) builds values far beyond the limits of a scenario file; see \"Limits\" in docs/dsl.md.", what)
	} else {
		d.Detail = fmt.Sprintf("Gave up: %s. See \"Limits\" in docs/dsl.md.", what)
	}
	return d
}

// budget is what the functions of one load may still produce, and where
// the load is.
type budget struct {
	guard  *Guard
	used   int
	active bool // only while loading: checks at the end of a run are not charged
}

// charge counts a function's result against the load's budget.
func (b *budget) charge(s size) error {
	if !b.active {
		return nil
	}
	b.used += s.cost()
	if b.used > maxFunctionOutput {
		return limitErr("the function calls of this load have built more than %s of values in all, the limit", byteCount(maxFunctionOutput))
	}
	return nil
}

// guardedFunctions wraps every function so that arguments that would
// build an oversized result are refused before the call, and every result
// is checked after it.
func guardedFunctions(b *budget) map[string]function.Function {
	out := make(map[string]function.Function, len(stdFunctions))
	for name, f := range stdFunctions {
		out[name] = guarded(name, f, b)
	}
	return out
}

func guarded(name string, f function.Function, b *budget) function.Function {
	pre := preChecks[name]
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      f.Params(),
		VarParam:    f.VarParam(),
		Type:        f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if pre != nil {
				if err := pre(args); err != nil {
					return cty.DynamicVal, err
				}
			}
			v, err := f.Call(args)
			if err != nil {
				return v, err
			}
			var s size
			if err := measure(v, &s); err != nil {
				var le *valueLimitError
				if errors.As(err, &le) && le.notFinite {
					return cty.DynamicVal, fmt.Errorf("the result is %w", err)
				}
				return cty.DynamicVal, fmt.Errorf("the result is too large: %w", err)
			}
			if err := b.charge(s); err != nil {
				return cty.DynamicVal, err
			}
			return v, nil
		},
	})
}

// preChecks refuse, before the call, arguments whose result would be
// beyond the limits, where its size is predictable from them.
var preChecks = map[string]func([]cty.Value) error{
	"range":      preRange,
	"format":     func(args []cty.Value) error { _, err := formatWidth(args); return err },
	"formatlist": preFormatList,
	"join":       preJoin,
	"concat":     preSumLengths,
	"merge":      preSumSizes,
	"flatten":    preSumSizes,
	"replace":    preReplace,
	"split":      preSplit,
	"jsondecode": preJSONDecode,
	"jsonencode": preSumSizes,
}

func known(args []cty.Value) bool {
	for _, a := range args {
		if !a.IsWhollyKnown() {
			return false
		}
	}
	return true
}

func num(v cty.Value) float64 {
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.Number {
		return math.NaN()
	}
	f, _ := v.AsBigFloat().Float64()
	return f
}

func preRange(args []cty.Value) error {
	if !known(args) {
		return nil
	}
	var start, limit, step float64 = 0, 0, 1
	switch len(args) {
	case 1:
		limit = num(args[0])
	case 2:
		start, limit = num(args[0]), num(args[1])
	case 3:
		start, limit, step = num(args[0]), num(args[1]), num(args[2])
	default:
		return nil
	}
	if math.IsNaN(start+limit+step) || step == 0 {
		return nil // range reports these itself
	}
	if n := math.Abs(limit-start) / math.Abs(step); n > MaxElements {
		return function.NewArgErrorf(len(args)-1, "range would make %.0f elements; the limit of a value is %d", n, MaxElements)
	}
	return nil
}

// formatWidth refuses a format string with a width or precision beyond
// MaxStringBytes, and returns the sum of its widths and precisions.
func formatWidth(args []cty.Value) (int, error) {
	if len(args) == 0 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.String {
		return 0, nil
	}
	f := args[0].AsString()
	total := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		for i < len(f) && strings.IndexByte("-+# 0[]1234567890.", f[i]) >= 0 {
			// Read runs of digits as numbers (flags, explicit argument
			// indexes [n], width, .precision).
			if f[i] >= '0' && f[i] <= '9' {
				n := 0
				for i < len(f) && f[i] >= '0' && f[i] <= '9' {
					if n <= MaxStringBytes {
						n = n*10 + int(f[i]-'0')
					}
					i++
				}
				if n > MaxStringBytes {
					return 0, function.NewArgErrorf(0, "a width or precision of more than %d in the format would make a string beyond the limit of %s", MaxStringBytes, byteCount(MaxStringBytes))
				}
				total += n
				continue
			}
			i++
		}
	}
	return total, nil
}

func preFormatList(args []cty.Value) error {
	width, err := formatWidth(args)
	if err != nil || !known(args) {
		return err
	}
	n, per := 1, len(args[0].AsString())+width
	for _, a := range args[1:] {
		if a.IsNull() {
			continue
		}
		longest := 0
		if t := a.Type(); t.IsListType() || t.IsTupleType() || t.IsSetType() {
			n = max(n, a.LengthInt())
			for it := a.ElementIterator(); it.Next(); {
				_, e := it.Element()
				longest = max(longest, stringLen(e))
			}
		} else {
			longest = stringLen(a)
		}
		per += longest
	}
	if n > MaxElements || n*per > MaxValueBytes {
		return limitErr("formatlist would make %d strings of up to %s; a value holds at most %d elements and %s of text", n, byteCount(per), MaxElements, byteCount(MaxValueBytes))
	}
	return nil
}

func stringLen(v cty.Value) int {
	if v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
		return len(v.AsString())
	}
	return 32 // a number or bool prints short
}

func preJoin(args []cty.Value) error {
	if !known(args) || len(args) < 2 || args[0].IsNull() || args[0].Type() != cty.String {
		return nil
	}
	sep, total, count := len(args[0].AsString()), 0, 0
	for _, l := range args[1:] {
		if l.IsNull() || !l.CanIterateElements() {
			continue
		}
		for it := l.ElementIterator(); it.Next(); {
			_, e := it.Element()
			total += stringLen(e)
			count++
		}
	}
	if total+sep*count > MaxStringBytes {
		return limitErr("join would make a string of %s; the limit is %s", byteCount(total+sep*count), byteCount(MaxStringBytes))
	}
	return nil
}

func preSumLengths(args []cty.Value) error {
	n := 0
	for _, a := range args {
		if a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
			n += a.LengthInt()
		}
	}
	if n > MaxElements {
		return limitErr("the result would hold %d elements; the limit is %d", n, MaxElements)
	}
	return nil
}

func preSumSizes(args []cty.Value) error {
	var s size
	for _, a := range args {
		if err := measure(a, &s); err != nil {
			return err
		}
	}
	return nil
}

func preReplace(args []cty.Value) error {
	if !known(args) || len(args) != 3 {
		return nil
	}
	for _, a := range args {
		if a.IsNull() || a.Type() != cty.String {
			return nil
		}
	}
	str, sub, repl := args[0].AsString(), args[1].AsString(), args[2].AsString()
	if len(repl) <= len(sub) && sub != "" {
		return nil
	}
	// At most one replacement per byte, plus one (an empty pattern).
	matches := len(str) + 1
	if sub != "" && !(len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/') {
		matches = strings.Count(str, sub)
	}
	if n := len(str) + matches*len(repl); n > MaxStringBytes {
		return limitErr("replace would make a string of up to %s; the limit is %s", byteCount(n), byteCount(MaxStringBytes))
	}
	return nil
}

func preSplit(args []cty.Value) error {
	if !known(args) || len(args) != 2 || args[0].IsNull() || args[1].IsNull() {
		return nil
	}
	if args[0].Type() != cty.String || args[1].Type() != cty.String {
		return nil
	}
	sep, str := args[0].AsString(), args[1].AsString()
	n := len(str)
	if sep != "" {
		n = strings.Count(str, sep) + 1
	}
	if n > MaxElements {
		return limitErr("split would make %d strings; the limit of a value is %d elements", n, MaxElements)
	}
	return nil
}

// preJSONDecode refuses JSON nested deeper than MaxJSONDepth: decoding
// recurses once per level.
func preJSONDecode(args []cty.Value) error {
	if len(args) != 1 || !args[0].IsKnown() || args[0].IsNull() || args[0].Type() != cty.String {
		return nil
	}
	s := args[0].AsString()
	depth, inString := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
			if depth > MaxJSONDepth {
				return function.NewArgErrorf(0, "the JSON nests more than %d levels deep, the limit", MaxJSONDepth)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return nil
}

// eval evaluates expr in ctx within the limits: nested for expressions
// whose collections multiply beyond MaxElements are refused before they
// run, and the value is checked after. context is the block header.
func (b *budget) eval(expr hcl.Expression, ctx *hcl.EvalContext, context hcl.Range) (cty.Value, hcl.Diagnostics) {
	b.guard.at(expr.Range())
	if d := nestedFors(expr, ctx, context); d != nil {
		return cty.DynamicVal, hcl.Diagnostics{d}
	}
	if d := longTemplates(expr, ctx, context); d != nil {
		return cty.DynamicVal, hcl.Diagnostics{d}
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	if err := checkValue(v); err != nil {
		return cty.DynamicVal, append(diags, valueTooLarge(expr.Range(), context, err))
	}
	return v, diags
}

// nestedFors estimates how many times the innermost body of nested for
// expressions runs: the product of the lengths of their collections, each
// evaluated on its own when it reads no variable of an enclosing for (one
// that does is counted as 1: the functions it calls are still bounded). A
// product beyond MaxElements is a diagnostic at the inner for.
func nestedFors(expr hcl.Expression, ctx *hcl.EvalContext, context hcl.Range) *hcl.Diagnostic {
	node, ok := expr.(hclsyntax.Node)
	if !ok || !hasNestedFor(node) {
		return nil
	}
	w := &forWalker{ctx: ctx, context: context}
	hclsyntax.Walk(node, w)
	return w.diag
}

func hasNestedFor(node hclsyntax.Node) bool {
	fors := 0
	_ = hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		if _, ok := n.(*hclsyntax.ForExpr); ok {
			fors++
		}
		return nil
	})
	return fors > 1
}

type forFrame struct {
	key, val string
	total    float64
}

type forWalker struct {
	ctx     *hcl.EvalContext
	context hcl.Range
	stack   []forFrame
	diag    *hcl.Diagnostic
}

func (w *forWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	fe, ok := n.(*hclsyntax.ForExpr)
	if !ok {
		return nil
	}
	total := 1.0
	if len(w.stack) > 0 {
		total = w.stack[len(w.stack)-1].total
	}
	if w.diag == nil {
		length := 1.0
		if !w.readsBound(fe.CollExpr) {
			if v, diags := fe.CollExpr.Value(w.ctx); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.CanIterateElements() {
				length = float64(v.LengthInt())
			}
		}
		total *= length
		if total > MaxElements && len(w.stack) > 0 {
			w.diag = problem(fe.SrcRange, w.context, "Value too large",
				"These nested for expressions run their innermost body about %.0f times, beyond the limit of %d elements of a value. Iterate over smaller collections; see \"Limits\" in docs/dsl.md.", total, MaxElements)
		}
	}
	w.stack = append(w.stack, forFrame{key: fe.KeyVar, val: fe.ValVar, total: total})
	return nil
}

func (w *forWalker) Exit(n hclsyntax.Node) hcl.Diagnostics {
	if _, ok := n.(*hclsyntax.ForExpr); ok {
		w.stack = w.stack[:len(w.stack)-1]
	}
	return nil
}

// readsBound reports whether expr reads a variable of an enclosing for.
func (w *forWalker) readsBound(expr hcl.Expression) bool {
	for _, tr := range expr.Variables() {
		root := tr.RootName()
		for _, f := range w.stack {
			if root == f.key || root == f.val {
				return true
			}
		}
	}
	return false
}

// longTemplates refuses, before evaluation, a template whose literal parts
// and the strings it reads directly (var.x, local.y) add up to more than
// MaxStringBytes: HCL would build the whole string before any check.
func longTemplates(expr hcl.Expression, ctx *hcl.EvalContext, context hcl.Range) *hcl.Diagnostic {
	node, ok := expr.(hclsyntax.Node)
	if !ok {
		return nil
	}
	var d *hcl.Diagnostic
	_ = hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		t, ok := n.(*hclsyntax.TemplateExpr)
		if !ok || d != nil || len(t.Parts) < 2 {
			return nil
		}
		total := 0
		for _, p := range t.Parts {
			switch p := p.(type) {
			case *hclsyntax.LiteralValueExpr:
				total += stringLen(p.Val)
			case *hclsyntax.ScopeTraversalExpr:
				if v, diags := p.Traversal.TraverseAbs(ctx); !diags.HasErrors() && v.Type() == cty.String {
					total += stringLen(v)
				}
			}
		}
		if total > MaxStringBytes {
			d = problem(t.SrcRange, context, "Value too large",
				"This template would make a string of at least %s, beyond the limit of %s; see \"Limits\" in docs/dsl.md.", byteCount(total), byteCount(MaxStringBytes))
		}
		return nil
	})
	return d
}
