package dsl

import (
	"sort"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// stdFunctions are the HCL functions scenarios may call: the cty standard
// library, under the names docs/dsl.md lists. Loads call them through
// guarded (see guard.go), which keeps their results within the limits.
var stdFunctions = map[string]function.Function{
	"abs":        stdlib.AbsoluteFunc,
	"ceil":       stdlib.CeilFunc,
	"floor":      stdlib.FloorFunc,
	"max":        stdlib.MaxFunc,
	"min":        stdlib.MinFunc,
	"pow":        stdlib.PowFunc,
	"signum":     stdlib.SignumFunc,
	"parseint":   stdlib.ParseIntFunc,
	"format":     stdlib.FormatFunc,
	"formatlist": stdlib.FormatListFunc,
	"join":       stdlib.JoinFunc,
	"split":      stdlib.SplitFunc,
	"lower":      stdlib.LowerFunc,
	"upper":      stdlib.UpperFunc,
	"title":      stdlib.TitleFunc,
	"trimspace":  stdlib.TrimSpaceFunc,
	"replace":    stdlib.ReplaceFunc,
	"regex":      stdlib.RegexFunc,
	"substr":     stdlib.SubstrFunc,
	"strlen":     stdlib.StrlenFunc,
	"concat":     stdlib.ConcatFunc,
	"contains":   stdlib.ContainsFunc,
	"distinct":   stdlib.DistinctFunc,
	"element":    stdlib.ElementFunc,
	"flatten":    stdlib.FlattenFunc,
	"index":      stdlib.IndexFunc,
	"keys":       stdlib.KeysFunc,
	"values":     stdlib.ValuesFunc,
	"length":     stdlib.LengthFunc,
	"lookup":     stdlib.LookupFunc,
	"merge":      stdlib.MergeFunc,
	"range":      stdlib.RangeFunc,
	"reverse":    stdlib.ReverseListFunc,
	"slice":      stdlib.SliceFunc,
	"sort":       stdlib.SortFunc,
	"coalesce":   stdlib.CoalesceFunc,
	"jsonencode": stdlib.JSONEncodeFunc,
	"jsondecode": stdlib.JSONDecodeFunc,
	"tostring":   stdlib.MakeToFunc(cty.String),
	"tonumber":   stdlib.MakeToFunc(cty.Number),
	"tobool":     stdlib.MakeToFunc(cty.Bool),
	"tolist":     stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"toset":      stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tomap":      stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
}

// FunctionNames lists the functions scenarios may call, sorted.
func FunctionNames() []string {
	names := make([]string, 0, len(stdFunctions))
	for n := range stdFunctions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
