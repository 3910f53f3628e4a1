package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A valid scenario to append to hostile locals, so that they are used.
const hostileTail = `
scenario "s" {
  driver = "redis"
  load "l" {
    pattern  = "burst"
    workers  = 1
    step "ping" {}
  }
}
`

// hostileFiles are scenario files an attacker would write, by name; each
// must be refused with exit 2, a file:line, little output and no crash.
func hostileFiles() map[string]string {
	rep := strings.Repeat
	var doubling strings.Builder
	doubling.WriteString("locals {\n  s0 = \"ab\"\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&doubling, "  s%d = \"${local.s%d}${local.s%d}\"\n", i, i-1, i-1)
	}
	doubling.WriteString("}\n")
	var lists strings.Builder
	lists.WriteString("locals {\n  l0 = [1, 2]\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&lists, "  l%d = concat(local.l%d, local.l%d)\n", i, i-1, i-1)
	}
	lists.WriteString("}\n")
	var garbage strings.Builder
	for i := 0; i < 100000; i++ {
		garbage.WriteString("}} ]] garbage ((\n")
	}
	var manyErrs strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&manyErrs, "scenario \"s%d\" {\n}\n", i)
	}
	return map[string]string{
		"string_doubling.hcl":   doubling.String() + hostileTail,
		"list_doubling.hcl":     lists.String() + hostileTail,
		"nested_for.hcl":        "locals {\n  a = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : k]]]\n}\n" + hostileTail,
		"nested_for_local.hcl":  "locals {\n  r = range(1000)\n  a = [for i in local.r : [for j in local.r : \"${i}${j}\"]]\n}\n" + hostileTail,
		"format_width.hcl":      "locals {\n  a = format(\"%0999999999d\", 0)\n}\n" + hostileTail,
		"format_precision.hcl":  "locals {\n  a = format(\"%.999999999f\", 1)\n}\n" + hostileTail,
		"formatlist.hcl":        "locals {\n  a = format(\"%0900000d\", 0)\n  b = formatlist(\"%s%s\", [for i in range(1000) : local.a], local.a)\n}\n" + hostileTail,
		"join_huge.hcl":         "locals {\n  a = format(\"%0900000d\", 0)\n  b = join(local.a, [for i in range(1000) : local.a])\n}\n" + hostileTail,
		"replace_huge.hcl":      "locals {\n  a = format(\"%0900000d\", 0)\n  b = replace(local.a, \"0\", local.a)\n}\n" + hostileTail,
		"split_huge.hcl":        "locals {\n  a = format(\"%0900000d\", 0)\n  b = split(\"\", local.a)\n}\n" + hostileTail,
		"range_huge.hcl":        "locals {\n  a = range(1e9)\n}\n" + hostileTail,
		"regex_huge.hcl":        "locals {\n  a = format(\"%0900000d\", 0)\n  b = regex(\"(0*)*1\", \"${local.a}${local.a}\")\n}\n" + hostileTail,
		"jsondecode_deep.hcl":   "locals {\n  a = jsondecode(\"" + rep("[", 100000) + rep("]", 100000) + "\")\n}\n" + hostileTail,
		"jsondecode_big.hcl":    "locals {\n  a = jsondecode(\"[" + strings.TrimSuffix(rep("1,", 200000), ",") + "]\")\n}\n" + hostileTail,
		"parens.hcl":            "locals {\n  a = " + rep("(", 500000) + "1" + rep(")", 500000) + "\n}\n",
		"brackets.hcl":          "locals {\n  a = " + rep("[", 500000) + rep("]", 500000) + "\n}\n",
		"braces.hcl":            "locals {\n  a = " + rep("{a=", 300000) + "1" + rep("}", 300000) + "\n}\n",
		"templates.hcl":         "locals {\n  a = \"" + rep("${\"", 100000) + "x" + rep("\"}", 100000) + "\"\n}\n",
		"unary.hcl":             "locals {\n  a = " + rep("!", 1000000) + "true\n}\n",
		"minus.hcl":             "locals {\n  a = " + rep("- ", 500000) + "1\n}\n",
		"plus_chain.hcl":        "locals {\n  a = 1" + rep("+1", 500000) + "\n}\n",
		"plus_lines.hcl":        "locals {\n  a = (1" + rep("\n+1", 300000) + ")\n}\n",
		"huge_number.hcl":       "locals {\n  a = 1e1000000\n  b = \"${local.a}\"\n}\n" + hostileTail,
		"huge_exponent.hcl":     "locals {\n  a = \"${1e100000000}\"\n}\n" + hostileTail,
		"tiny_number.hcl":       "locals {\n  a = \"${1e-100000000}\"\n}\n" + hostileTail,
		"for_each_huge.hcl":     strings.Replace(hostileTail, "driver", "for_each = merge([for i in range(200) : { for j in range(200) : \"k${i}_${j}\" => j }]...)\n  driver", 1),
		"for_each_escape.hcl":   strings.Replace(hostileTail, "driver", "for_each = { \"\\u001b[2J\\u001b[HPASS\\n\" = 1 }\n  driver", 1),
		"for_each_empty.hcl":    strings.Replace(hostileTail, "driver", "for_each = {}\n  driver", 1),
		"for_each_emptyset.hcl": strings.Replace(hostileTail, "driver", "for_each = toset([])\n  driver", 1),
		"long_identifier.hcl":   "locals {\n  " + rep("a", 1500000) + " = local." + rep("b", 100000) + "\n}\n",
		"long_line.hcl":         "locals {\n  a = \"" + rep("x", 1000000) + "\" +\n}\n",
		"long_line_error.hcl":   "locals {\n  a = [" + rep("1, ", 300000) + "nope]\n}\n" + hostileTail,
		"garbage_lines.hcl":     garbage.String(),
		"many_errors.hcl":       manyErrs.String(),
		"nul_bytes.hcl":         "locals {\n  a = \"\x00\x00\"\n\x00\x00\x00\n}\n",
		"invalid_utf8.hcl":      "locals {\n  \xff\xfe = \"\xc3\x28\"\n}\n",
		"bom.hcl":               "\xef\xbb\xbfscenario \"s\" {\n}\n",
		"crlf.hcl":              strings.ReplaceAll("scenario \"s\" {\n  driver = \"nope\"\n}\n", "\n", "\r\n"),
		"escape_label.hcl":      "scenario \"\x1b[2J\x1b[Hx\" {\n  driver = \"\x1b]0;owned\x07\"\n}\n",
		"escape_detail.hcl":     "scenario \"s\" {\n  driver = \"redis\x1b[31m\"\n}\n",
		"too_large.hcl":         "# " + rep("x", 3<<20) + "\n",
		"number_string.hcl":     strings.Replace(hostileTail, "  load", "  check \"c\" {\n    condition = load.l.ops.ok == \"1\"\n  }\n  load", 1),
		"cycle.hcl":             "locals {\n  a = local.b\n  b = local.a\n}\n" + hostileTail,
		"jsonencode_big.hcl":    "locals {\n  a = format(\"%0900000d\", 0)\n  b = jsonencode([for i in range(100) : local.a])\n}\n" + hostileTail,
		"flatten_big.hcl":       "locals {\n  r = range(1000)\n  a = flatten([for i in local.r : local.r])\n}\n" + hostileTail,
		"template_repeat.hcl":   "locals {\n  a = format(\"%0900000d\", 0)\n  b = \"" + rep("${local.a}", 3000) + "\"\n}\n" + hostileTail,
		"for_template.hcl":      "locals {\n  a = format(\"%0900000d\", 0)\n  b = [for i in range(1000) : [for j in range(99) : regex(\"1\", \"${local.a}1\")]]\n}\n" + hostileTail,
		"splat.hcl":             "locals {\n  r = [for i in range(1000) : { x = range(1000) }]\n  a = flatten(local.r[*].x)\n}\n" + hostileTail,
	}
}

var fileLine = regexp.MustCompile(`\.hcl:\d+`)

// TestHostileInputs feeds every hostile file (and files that are not
// regular) to the built binary under a 4 GiB address-space limit: each
// must exit 2, name file:line, print less than 20 KB, and not crash.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "stressql")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	files := filepath.Join(dir, "files")
	if err := os.Mkdir(files, 0o755); err != nil {
		t.Fatal(err)
	}
	var cases []string
	for name, src := range hostileFiles() {
		if err := os.WriteFile(filepath.Join(files, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, name)
	}
	special := map[string]func(path string) error{
		"fifo.hcl":       func(p string) error { return syscall.Mkfifo(p, 0o644) },
		"dir.hcl":        func(p string) error { return os.Mkdir(p, 0o755) },
		"zero.hcl":       func(p string) error { return os.Symlink("/dev/zero", p) },
		"urandom.hcl":    func(p string) error { return os.Symlink("/dev/urandom", p) },
		"loop.hcl":       func(p string) error { return os.Symlink(p, p) },
		"dangling.hcl":   func(p string) error { return os.Symlink(p+".missing", p) },
		"fifo_link.hcl":  func(p string) error { return os.Symlink(filepath.Join(files, "fifo.hcl"), p) },
		"dir_inside.hcl": func(p string) error { return os.MkdirAll(filepath.Join(p, "inner.hcl"), 0o755) },
	}
	for _, name := range []string{"fifo.hcl", "dir.hcl", "zero.hcl", "urandom.hcl", "loop.hcl", "dangling.hcl", "fifo_link.hcl", "dir_inside.hcl"} {
		if err := special[name](filepath.Join(files, name)); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, name)
	}
	ok := filepath.Join(files, "ok.hcl.txt")
	if err := os.WriteFile(ok, []byte(hostileTail+"variable \"v\" {\n  type = list(string)\n  default = []\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type run struct {
		name string
		args []string
	}
	var runs []run
	for _, c := range cases {
		runs = append(runs, run{c, []string{"validate", filepath.Join(files, c)}})
	}
	// Var files with the same problems.
	for _, c := range []string{"fifo.hcl", "zero.hcl", "dir.hcl", "too_large.hcl", "parens.hcl", "huge_number.hcl", "loop.hcl"} {
		runs = append(runs, run{"var-file " + c, []string{"validate", "--var-file", filepath.Join(files, c), ok}})
	}
	if len(runs) < 40 {
		t.Fatalf("only %d hostile cases", len(runs))
	}
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			args := append([]string{"--as=4294967296", bin}, r.args...)
			cmd := exec.CommandContext(ctx, "prlimit", args...)
			cmd.Dir = files
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("hung: still running after 60 s")
			}
			code := -1
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err == nil {
				code = 0
			}
			text := out.String()
			show := text
			if len(show) > 3000 {
				show = show[:3000] + "…"
			}
			if code != 2 {
				t.Errorf("exit %d, want 2:\n%s", code, show)
			}
			if !fileLine.MatchString(text) {
				t.Errorf("no file:line in the output:\n%s", show)
			}
			if out.Len() >= 20000 {
				t.Errorf("printed %d bytes, want < 20000:\n%s", out.Len(), show)
			}
			for _, crash := range []string{"panic", "fatal error", "goroutine "} {
				if strings.Contains(text, crash) {
					t.Errorf("output has %q:\n%s", crash, show)
				}
			}
			if strings.ContainsAny(text, "\x1b\x00\x07") {
				t.Errorf("output holds raw control characters:\n%q", show)
			}
		})
	}
}
