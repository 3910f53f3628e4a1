package results

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// fill sets every exported field of v (a settable value) to a value that
// is not empty and has data: numbers 2 (Summary counts and samples
// included), strings "s", bools true, lists of one, maps of one key
// ("NAME"; every kind for errors), pointers set. A Result inside a Result
// (load, phase, series) is filled without parts of its own.
func fill(v reflect.Value, inResult bool) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)))
			return
		}
		isResult := v.Type() == reflect.TypeFor[Result]()
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			if isResult && inResult && (f.Name == "Loads" || f.Name == "Phases" || f.Name == "Series") {
				continue
			}
			fill(v.Field(i), inResult || isResult)
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), inResult)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), inResult)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		keys := []string{"NAME"}
		if v.Type() == errorsType {
			keys = ErrorKinds
		}
		for _, k := range keys {
			e := reflect.New(v.Type().Elem()).Elem()
			fill(e, inResult)
			m.SetMapIndex(reflect.ValueOf(k), e)
		}
		v.Set(m)
	case reflect.Interface:
		v.Set(reflect.ValueOf(2.0))
	case reflect.String:
		v.SetString("s")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(2)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(2)
	}
}

func fullResult() *Result {
	r := &Result{}
	fill(reflect.ValueOf(r).Elem(), false)
	r.Series[0].TMs = 250
	r.Histograms = map[string]string{"latency": "HISTO"}
	r.ErrorExamples = map[string]ErrorExample{"query": {Message: "a < b", AtMs: 1}}
	r.Loads = map[string]*Result{"reads": r.Loads["NAME"]}
	r.Phases = map[string]*Result{"spike": r.Phases["NAME"]}
	return r
}

// keyed are the JSON objects whose members are names (drivers, error
// kinds, loads, phases, histograms), not fields: their keys are "*".
var keyed = []string{"targets", "errors", "error_examples", "load", "phase", "histograms"}

// faultFields are the fixed members of a results object's faults; its
// other members are fault kinds (keys).
var faultFields = map[string]bool{"count": true, "late": true, "late_ms": true, "tolerance_ms": true}

// sameAs are the objects docs/results.md abbreviates ({"…": "same fields
// as latency"}), each with the object whose members it has: a member path
// under the first is checked as the same path under the second.
var sameAs = [][2]string{
	{"results.load.*.", "results."},
	{"results.phase.*.", "results."},
	{"results.series[].", "results."},
	{"results.acquire.", "results.latency."},
	{"results.lateness.", "results.latency."},
	{"pool.idle_conns.", "pool.total_conns."},
	{"pool.in_use_conns.", "pool.total_conns."},
	{"process.heap_mb.", "process.rss_mb."},
	{"process.goroutines.", "process.rss_mb."},
	{"process.fds.", "process.rss_mb."},
}

// memberPaths lists the dotted member paths of a decoded JSON value
// (arrays are "[]", keyed objects' keys "*"), canonical by sameAs;
// members named "…" (the docs' abbreviations) are skipped.
func memberPaths(x any, prefix, parent string, out map[string]bool) {
	switch x := x.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "…" {
				continue
			}
			if slices.Contains(keyed, parent) || parent == "faults" && strings.HasSuffix(prefix, "results.faults") && !faultFields[k] {
				k = "*"
			}
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			for changed := true; changed; {
				changed = false
				for _, s := range sameAs {
					if i := strings.Index(p, s[0]); i >= 0 && !strings.HasSuffix(p, "series[].t_ms") {
						p = p[:i] + s[1] + p[i+len(s[0]):]
						changed = true
					}
				}
			}
			out[p] = true
			memberPaths(e, p, k, out)
		}
	case []any:
		for _, e := range x {
			memberPaths(e, prefix+"[]", parent, out)
		}
	}
}

var (
	jsoncBlock   = regexp.MustCompile("(?s)```jsonc\n(.*?)```")
	jsoncComment = regexp.MustCompile(`(?m)[ \t]+//.*$`)
)

// TestRunJSONMatchesDocs: the JSON of a fully populated Run has exactly
// the member paths of docs/results.md's example: every member the report
// writes is shown there, and every member shown is written.
func TestRunJSONMatchesDocs(t *testing.T) {
	t.Parallel()
	run := &Run{}
	fill(reflect.ValueOf(run).Elem(), false)
	run.Scenarios[0].Result = fullResult()
	b, err := json.Marshal(run)
	if err != nil {
		t.Fatal(err)
	}
	var decoded any
	if err := json.Unmarshal(b, &decoded); err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	memberPaths(decoded, "", "", have)

	doc, err := readDoc("../docs/results.md")
	if err != nil {
		t.Fatal(err)
	}
	m := jsoncBlock.FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("docs/results.md has no jsonc example")
	}
	var example any
	if err := json.Unmarshal([]byte(jsoncComment.ReplaceAllString(m[1], "")), &example); err != nil {
		t.Fatalf("docs/results.md's example is not JSON (once comments are removed): %v", err)
	}
	documented := map[string]bool{}
	memberPaths(example, "", "", documented)

	var missing, unknown []string
	for p := range have {
		if !documented[p] {
			missing = append(missing, p)
		}
	}
	for p := range documented {
		if !have[p] {
			unknown = append(unknown, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(unknown)
	if len(missing) > 0 {
		t.Errorf("members of the JSON report not in docs/results.md's example:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(unknown) > 0 {
		t.Errorf("members of docs/results.md's example the JSON report does not write:\n  %s", strings.Join(unknown, "\n  "))
	}
	if len(have) < 100 {
		t.Errorf("only %d member paths: the run is not fully populated", len(have))
	}
}
