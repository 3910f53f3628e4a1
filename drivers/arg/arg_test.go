package arg

import "testing"

func TestExpr(t *testing.T) {
	t.Parallel()
	mod := func(n Num, m int64) Num { return func(i, w int64) int64 { return n(i, w) % m } }
	cases := []struct {
		name string
		e    Expr
		i, w int64
		want string
	}{
		{"constant", Const("k"), 5, 1, "k"},
		{"iteration", Template("", Part{Lit: "stress:"}, Part{Num: Iteration()}), 42, 0, "stress:42"},
		{"modulo and worker", Template("", Part{Lit: "k:"}, Part{Num: mod(Iteration(), 10)}, Part{Lit: ":"}, Part{Num: Worker()}), 123, 7, "k:3:7"},
		{"merged literals become constant", Template("", Part{Lit: "a"}, Part{Lit: "b"}), 1, 1, "ab"},
		{"number", Number("iteration", Iteration()), 9, 0, "9"},
	}
	for _, c := range cases {
		if got := c.e.String(c.i, c.w); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	if !Template("", Part{Lit: "a"}, Part{Lit: "b"}).IsConst() {
		t.Error("literal-only template should be constant")
	}
}

func TestAppendToDoesNotAllocate(t *testing.T) {
	e := Template("", Part{Lit: "stress:"}, Part{Num: Iteration()}, Part{Lit: ":"}, Part{Num: Worker()})
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(1000, func() { buf = e.AppendTo(buf[:0], 123456, 3) })
	if allocs != 0 {
		t.Fatalf("AppendTo allocated %v times per op", allocs)
	}
}

func BenchmarkTemplateAppend(b *testing.B) {
	e := Template("", Part{Lit: "stress:"}, Part{Num: func(i, _ int64) int64 { return i % 1000 }})
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = e.AppendTo(buf[:0], int64(i), 0)
	}
}
