package format

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Ext is the extension of scenario files found in directories.
const Ext = ".hcl"

// Collect expands paths into the files to format, each once, in order: a
// file is taken as named, whatever its extension; a directory contributes
// its *.hcl files, sorted, and with recursive also those of its
// subdirectories (hidden ones, like .git, are skipped).
func Collect(paths []string, recursive bool) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("collect %s: %w", p, err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		found, err := dirFiles(p, recursive)
		if err != nil {
			return nil, err
		}
		for _, f := range found {
			add(f)
		}
	}
	return files, nil
}

// dirFiles lists the *.hcl files of dir, sorted.
func dirFiles(dir string, recursive bool) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("collect %s: %w", path, err)
		}
		if d.IsDir() {
			if path == dir {
				return nil
			}
			if !recursive || strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && strings.HasSuffix(d.Name(), Ext) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}
