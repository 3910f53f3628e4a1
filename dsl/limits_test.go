package dsl_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
)

// TestLimits: values, functions and expressions beyond the documented
// limits are one error at the expression that breaks them.
func TestLimits(t *testing.T) {
	t.Parallel()
	const tail = "\nscenario \"s\" {\n  driver = \"redis\"\n  load \"l\" {\n    pattern = \"burst\"\n    workers = 1\n    step \"ping\" {}\n  }\n}\n"
	var doubling strings.Builder
	doubling.WriteString("locals {\n  s0 = \"ab\"\n")
	for i := 1; i <= 40; i++ {
		doubling.WriteString("  s" + itoa(i) + " = \"${local.s" + itoa(i-1) + "}${local.s" + itoa(i-1) + "}\"\n")
	}
	doubling.WriteString("}\n")
	for _, tc := range []struct {
		name, src, want string
		line            int
	}{
		{"string doubling", doubling.String(), "Value too large", 22},
		{"format width", "locals {\n  a = format(\"%0999999999d\", 0)\n}\n", "Invalid function argument", 2},
		{"format precision", "locals {\n  a = format(\"%.2000000f\", 1)\n}\n", "Invalid function argument", 2},
		{"range", "locals {\n  a = range(1e9)\n}\n", "Invalid function argument", 2},
		{"join", "locals {\n  a = format(\"%0900000d\", 0)\n  b = join(\",\", [local.a, local.a])\n}\n", "Error in function call", 3},
		{"replace", "locals {\n  a = format(\"%0900000d\", 0)\n  b = replace(local.a, \"0\", \"00\")\n}\n", "Error in function call", 3},
		{"split", "locals {\n  a = format(\"%0900000d\", 0)\n  b = split(\"\", local.a)\n}\n", "Error in function call", 3},
		{"jsondecode depth", "locals {\n  a = jsondecode(\"" + strings.Repeat("[", 101) + strings.Repeat("]", 101) + "\")\n}\n", "Invalid function argument", 2},
		{"nested for", "locals {\n  r = range(1000)\n  a = [for i in local.r : [for j in local.r : j]]\n}\n", "Value too large", 3},
		{"template", "locals {\n  a = format(\"%0900000d\", 0)\n  b = \"${local.a}${local.a}\"\n}\n", "Value too large", 3},
		{"nesting", "locals {\n  a = " + strings.Repeat("(", 101) + "1" + strings.Repeat(")", 101) + "\n}\n", "Nesting too deep", 2},
		{"operators", "locals {\n  a = 1" + strings.Repeat("+1", 1001) + "\n}\n", "Expression too complex", 2},
		{"operators over lines", "locals {\n  a = (1" + strings.Repeat("\n+1", 1001) + ")\n}\n", "Expression too complex", 1003},
		{"number", "locals {\n  a = 1e400\n}\n", "Number out of range", 2},
		{"infinite result", "locals {\n  a = pow(10, 1000000)\n}\n", "Error in function call", 2},
		{"division by zero", "locals {\n  a = 1 / 0\n}\n", "Number not finite", 2},
		{"NUL byte", "locals {\n  a = \"x\x00y\"\n}\n", "Binary file", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, diags := dsl.LoadSources(map[string][]byte{"f.hcl": []byte(tc.src + tail)}, dsl.LoadOptions{Drivers: registry.Default()})
			errs := diags.Errs()
			if len(errs) != 1 {
				t.Fatalf("%d errors, want 1: %v", len(errs), diags)
			}
			d := diags[0]
			for _, x := range diags {
				if x.Severity == 0 || x.Summary == tc.want {
					d = x
				}
			}
			if d.Summary != tc.want || d.Subject == nil || d.Subject.Start.Line != tc.line {
				t.Errorf("got %v, want one %q at line %d", diags, tc.want, tc.line)
			}
		})
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// TestOnlyRegularFiles: FIFOs, directories, devices and oversized files
// are one diagnostic at FILE:1:1, and a FIFO never blocks.
func TestOnlyRegularFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub.hcl")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.hcl")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.hcl")
	if err := os.WriteFile(big, make([]byte, dsl.MaxFileBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop.hcl")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, sub + "/", zero, big, loop} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			paths := []string{path}
			if path == sub+"/" {
				paths = []string{dir} // a directory named *.hcl inside a scanned one
			}
			_, diags := dsl.Load(paths, dsl.LoadOptions{Drivers: registry.Default()})
			found := false
			for _, d := range diags {
				if d.Subject != nil && d.Subject.Filename == strings.TrimSuffix(path, "/") && d.Subject.Start.Line == 1 {
					found = true
				}
			}
			if !found {
				t.Errorf("no diagnostic at %s:1:1: %v", path, diags)
			}
			_, diags = dsl.LoadSources(map[string][]byte{"ok.hcl": []byte("variable \"v\" {\n  default = 1\n}\n")},
				dsl.LoadOptions{Drivers: registry.Default(), VarFiles: []string{strings.TrimSuffix(path, "/")}})
			if !diags.HasErrors() {
				t.Errorf("as a var file: no error: %v", diags)
			}
		})
	}
}
