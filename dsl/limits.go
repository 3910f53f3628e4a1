package dsl

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Limits on what a load reads and computes (docs/dsl.md, "Limits"). They
// exist so that a hostile or broken file is a diagnostic, never an
// out-of-memory crash, a stack overflow or a hang.
const (
	// MaxFileBytes is the largest scenario or var file read.
	MaxFileBytes = 2 << 20
	// MaxStringBytes is the longest string a value may hold.
	MaxStringBytes = 1 << 20
	// MaxElements is how many elements (of lists, sets, tuples, maps and
	// objects, counted recursively) one value may hold.
	MaxElements = 100_000
	// MaxValueBytes is how many bytes of strings one value may hold in all.
	MaxValueBytes = 16 << 20
	// MaxForEach is how many instances one for_each may expand to.
	MaxForEach = 10_000
	// MaxNesting is how deeply brackets, braces, parentheses, strings and
	// template interpolations may nest in a file.
	MaxNesting = 100
	// MaxOperators is how many operators one expression may chain at one
	// level of nesting (1+1+1...).
	MaxOperators = 1000
	// MaxJSONDepth is how deeply jsondecode input may nest.
	MaxJSONDepth = 100
	// maxNumberExp bounds the binary exponent of a finite number: a
	// little beyond the range of a 64-bit float.
	maxNumberExp = 1100
	// maxFunctionOutput is how much (bytes of strings plus 16 per
	// element) all function calls of one load may produce together.
	maxFunctionOutput = 256 << 20
)

// size is what measure found in a value.
type size struct {
	elems int // elements, recursively
	bytes int // bytes of strings, in all
}

// cost is how a size counts against maxFunctionOutput.
func (s size) cost() int { return s.bytes + 16*s.elems }

// valueLimitError is a value beyond a limit.
type valueLimitError struct {
	msg       string
	notFinite bool // an infinite number, not a size
}

func (e *valueLimitError) Error() string { return e.msg }

func limitErr(format string, args ...any) error {
	return &valueLimitError{msg: fmt.Sprintf(format, args...)}
}

// measure adds v to s, returning an error as soon as v breaks a limit (so
// measuring a huge value stops early).
func measure(v cty.Value, s *size) error {
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	if v.IsMarked() {
		v, _ = v.Unmark()
	}
	t := v.Type()
	switch {
	case t == cty.String:
		n := len(v.AsString())
		if n > MaxStringBytes {
			return limitErr("a string of %s is longer than the limit of %s", byteCount(n), byteCount(MaxStringBytes))
		}
		s.bytes += n
		if s.bytes > MaxValueBytes {
			return limitErr("the value holds more than %s of text, the limit", byteCount(MaxValueBytes))
		}
	case t == cty.Number:
		return checkNumber(v.AsBigFloat())
	case t.IsListType() || t.IsSetType() || t.IsMapType() || t.IsTupleType() || t.IsObjectType():
		s.elems += v.LengthInt()
		if s.elems > MaxElements {
			return limitErr("the value holds more than %d elements, the limit", MaxElements)
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if err := measure(e, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkValue reports a value beyond the limits.
func checkValue(v cty.Value) error {
	var s size
	return measure(v, &s)
}

// checkNumber refuses finite numbers far beyond the range of a float64:
// printing them takes as many digits as their exponent.
func checkNumber(f *big.Float) error {
	if f.IsInf() {
		return &valueLimitError{msg: fmt.Sprintf("a number that is not finite (%s), from a division by zero or an overflow such as pow(10, 400)", f.Text('g', 3)), notFinite: true}
	}
	if f.Sign() == 0 {
		return nil
	}
	if e := f.MantExp(nil); e > maxNumberExp || e < -maxNumberExp {
		return limitErr("the number is out of range: numbers must lie within about ±1e308 and be 0 or at least about 1e-308 in size")
	}
	return nil
}

// byteCount renders a size: 1 MiB, 16 MiB, 512 bytes.
func byteCount(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// valueTooLarge is the diagnostic of an evaluated value beyond a limit.
func valueTooLarge(subject, context hcl.Range, err error) *hcl.Diagnostic {
	var le *valueLimitError
	if errors.As(err, &le) && le.notFinite {
		return problem(subject, context, "Number not finite",
			"This expression evaluates to %s. Guard the divisor, or keep numbers within about ±1e308.", err.Error())
	}
	return problem(subject, context, "Value too large",
		"This expression evaluates to a value beyond the limits of a scenario file: %s. See \"Limits\" in docs/dsl.md; scenario values are meant to be small.", err.Error())
}

// prescan checks what the parser would recurse on before it does: nesting
// of brackets, strings and interpolations deeper than MaxNesting, and
// chains of more than MaxOperators operators at one level. The parser and
// the evaluator recurse once per level, and a deep enough file would
// overflow the stack, which no recover can catch.
func prescan(src []byte, filename string) *hcl.Diagnostic {
	type frame struct {
		open      hclsyntax.TokenType
		operators int
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		pos := posOf(src, i)
		rng := hcl.Range{Filename: filename, Start: pos, End: hcl.Pos{Line: pos.Line, Column: pos.Column + 1, Byte: pos.Byte + 1}}
		return problem(rng, rng, "Binary file",
			"The file holds a NUL byte at line %d, column %d: scenario files are text. Remove the byte, or write it in a string as \\u0000.", pos.Line, pos.Column)
	}
	stack := []frame{{}}
	toks, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	for _, tok := range toks {
		top := &stack[len(stack)-1]
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc:
			if len(stack) > MaxNesting {
				return problem(tok.Range, tok.Range, "Nesting too deep",
					"Brackets, braces, parentheses, strings and template interpolations nest more than %d levels deep here. Split the expression into locals.", MaxNesting)
			}
			stack = append(stack, frame{open: tok.Type})
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenTemplateSeqEnd, hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case hclsyntax.TokenComma:
			top.operators = 0
		case hclsyntax.TokenNewline:
			if top.open == hclsyntax.TokenOBrace || top.open == hclsyntax.TokenInvalid || top.open == 0 {
				top.operators = 0
			}
		case hclsyntax.TokenPlus, hclsyntax.TokenMinus, hclsyntax.TokenStar, hclsyntax.TokenSlash,
			hclsyntax.TokenPercent, hclsyntax.TokenAnd, hclsyntax.TokenOr, hclsyntax.TokenBang,
			hclsyntax.TokenEqualOp, hclsyntax.TokenNotEqual, hclsyntax.TokenLessThan,
			hclsyntax.TokenLessThanEq, hclsyntax.TokenGreaterThan, hclsyntax.TokenGreaterThanEq,
			hclsyntax.TokenQuestion:
			top.operators++
			if top.operators > MaxOperators {
				return problem(tok.Range, tok.Range, "Expression too complex",
					"This expression chains more than %d operators. Split it into locals.", MaxOperators)
			}
		}
	}
	return nil
}

// posOf returns the position of byte offset i of src (columns count bytes).
func posOf(src []byte, i int) hcl.Pos {
	line := 1 + bytes.Count(src[:i], []byte{'\n'})
	col := i - bytes.LastIndexByte(src[:i], '\n')
	return hcl.Pos{Line: line, Column: col, Byte: i}
}

// checkLiterals reports number literals out of range and makes them
// unknown, so that nothing evaluates them.
func checkLiterals(node hclsyntax.Node) hcl.Diagnostics {
	var diags hcl.Diagnostics
	_ = hclsyntax.VisitAll(node, func(n hclsyntax.Node) hcl.Diagnostics {
		lit, ok := n.(*hclsyntax.LiteralValueExpr)
		if !ok || lit.Val.Type() != cty.Number || !lit.Val.IsKnown() || lit.Val.IsNull() {
			return nil
		}
		if err := checkNumber(lit.Val.AsBigFloat()); err != nil {
			diags = append(diags, problem(lit.SrcRange, lit.SrcRange, "Number out of range",
				"This number is out of range: numbers must lie within about ±1e308 (the range of a 64-bit float), and be 0 or at least about 1e-308 in size."))
			lit.Val = cty.UnknownVal(cty.Number)
		}
		return nil
	})
	return diags
}
