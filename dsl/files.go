package dsl

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Load loads scenario files: each path is a file, or a directory whose
// *.hcl files (sorted, not recursive) are loaded. All files share one
// namespace of variables, locals and scenarios. Finding no scenario at
// all is an error. Only regular files are read, none larger than
// MaxFileBytes: anything else named is a diagnostic at FILE:1:1.
func Load(paths []string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(paths))
	for _, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			diags = append(diags, fileProblem(path, "Cannot read scenarios", "Cannot read %s: %s.", path, unwrapPathErr(err)))
			continue
		}
		if !info.IsDir() {
			names = append(names, path)
			continue
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			diags = append(diags, fileProblem(path, "Cannot read scenarios", "Cannot list directory %s: %s.", path, unwrapPathErr(err)))
			continue
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".hcl") {
				names = append(names, filepath.Join(path, e.Name()))
			}
		}
	}

	l := newLoader(opts)
	defer l.done()
	seen := make(map[string]bool)
	for _, name := range names {
		if clean := filepath.Clean(name); seen[clean] {
			continue
		} else {
			seen[clean] = true
		}
		src, d := readRegular(name)
		if d != nil {
			diags = append(diags, d)
			continue
		}
		diags = append(diags, l.parse(name, src)...)
	}

	cfg, scenarios, moreDiags := l.decode()
	diags = append(diags, moreDiags...)
	if scenarios == 0 && !diags.HasErrors() {
		d := fileless("No scenarios",
			"No scenario block found in %s. Name .hcl files or directories that hold them.", strings.Join(paths, ", "))
		if len(paths) > 0 {
			d.Subject = fileProblem(paths[0], "", "").Subject // somewhere to point at
		}
		diags = append(diags, d)
	}
	return cfg, dedupe(diags)
}

// LoadSources is Load for files held in memory, by name (tests, fuzzing).
// Files are decoded in name order. Finding no scenario is a warning.
func LoadSources(srcs map[string][]byte, opts LoadOptions) (*Config, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(srcs))
	for name := range srcs {
		names = append(names, name)
	}
	slices.Sort(names)
	l := newLoader(opts)
	defer l.done()
	for _, name := range names {
		src := srcs[name]
		if len(src) > MaxFileBytes {
			diags = append(diags, fileProblem(name, "File too large",
				"%s is larger than %s, the limit of a scenario file.", name, byteCount(MaxFileBytes)))
			continue
		}
		diags = append(diags, l.parse(name, src)...)
	}
	cfg, scenarios, moreDiags := l.decode()
	diags = append(diags, moreDiags...)
	if scenarios == 0 {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "No scenarios",
			Detail: "The files hold no scenario block, so there is nothing to run."})
	}
	return cfg, dedupe(diags)
}

// loader is one load in progress.
type loader struct {
	opts    LoadOptions
	p       *hclparse.Parser
	files   []parsed
	refused map[string]*hcl.File // files not parsed, for snippets
	budget  *budget
}

func newLoader(opts LoadOptions) *loader {
	return &loader{opts: opts, p: hclparse.NewParser(), refused: map[string]*hcl.File{},
		budget: &budget{guard: opts.Guard, active: true}}
}

// done ends the load's budget: checks evaluated after it are not charged.
func (l *loader) done() { l.budget.active = false }

// parse parses one file, after checking that the parser will not recurse
// too deeply on it.
func (l *loader) parse(name string, src []byte) hcl.Diagnostics {
	l.budget.guard.at(hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos})
	if d := prescan(src, name); d != nil {
		l.refused[name] = &hcl.File{Body: hcl.EmptyBody(), Bytes: src}
		return markSyntax(hcl.Diagnostics{d})
	}
	f, diags := l.p.ParseHCL(src, name)
	if f == nil {
		return markSyntax(diags)
	}
	if body, ok := f.Body.(*hclsyntax.Body); ok {
		diags = append(diags, checkLiterals(body)...)
	}
	l.files = append(l.files, parsed{file: f, broken: diags.HasErrors()})
	return markSyntax(diags)
}

func (l *loader) decode() (*Config, int, hcl.Diagnostics) {
	cfg, n, diags := decodeFiles(l.p, l.files, l.opts, l.budget)
	for name, f := range l.refused {
		cfg.Files[name] = f
	}
	return cfg, n, diags
}

// readRegular reads a scenario or var file: only a regular file (a
// symbolic link to one is fine), at most MaxFileBytes. The file is checked
// before it is opened, so that a FIFO never blocks, and again once open,
// in case it was swapped in between.
func readRegular(name string) ([]byte, *hcl.Diagnostic) {
	fail := func(format string, args ...any) ([]byte, *hcl.Diagnostic) {
		return nil, fileProblem(name, "Cannot read scenarios", format, args...)
	}
	info, err := os.Stat(name)
	if err != nil {
		return fail("Cannot read %s: %s.", name, unwrapPathErr(err))
	}
	if !info.Mode().IsRegular() {
		return fail("%s is %s, not a regular file: only regular files are read.", name, fileKind(info.Mode()))
	}
	if info.Size() > MaxFileBytes {
		return tooLarge(name)
	}
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC|syscall.O_NOCTTY, 0)
	if err != nil {
		return fail("Cannot read %s: %s.", name, err)
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return fail("Cannot read %s: %s.", name, unwrapPathErr(err))
	}
	if !info.Mode().IsRegular() {
		return fail("%s is %s, not a regular file: only regular files are read.", name, fileKind(info.Mode()))
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return fail("Cannot read %s: %s.", name, unwrapPathErr(err))
	}
	if len(src) > MaxFileBytes {
		return tooLarge(name)
	}
	return src, nil
}

func tooLarge(name string) ([]byte, *hcl.Diagnostic) {
	return nil, fileProblem(name, "File too large",
		"%s is larger than %s, the limit of a scenario file. Scenario files are meant to be small; split it.", name, byteCount(MaxFileBytes))
}

// fileKind names a file mode that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// fileProblem is an error about a whole file, at FILE:1:1 so that every
// diagnostic names a place.
func fileProblem(name, summary, detail string, args ...any) *hcl.Diagnostic {
	r := hcl.Range{Filename: name, Start: hcl.InitialPos, End: hcl.InitialPos}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: &r}
}

// unwrapPathErr drops the operation and path that the message around it
// already names.
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
