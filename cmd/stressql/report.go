package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/stressql/stressql/htmlreport"
	"github.com/stressql/stressql/results"
)

// reportOptions are the flags of `stressql report`.
type reportOptions struct {
	htmlPath string
}

func newReportCommand(g *globalOptions) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report RESULTS.json --html FILE",
		Short: "Render a saved JSON report (stressql run --json) as a self-contained HTML file",
		Long: `Report reads a JSON report written by ` + "`stressql run --json`" + ` (schema
version ` + fmt.Sprint(results.SchemaVersion) + `) and renders it as one HTML file that needs no network
when opened: the run's header, its scenarios filterable by status, driver
and tag, each scenario's checks and charts over time with the fault windows
and phases marked, latency percentile distributions, and for_each sweeps
side by side. The same file is written by ` + "`stressql run --html FILE`" + `.

Exit status: 0 written; 1 the file could not be written; 2 invalid usage,
or RESULTS.json cannot be read or has another schema version.`,
		Example: `  stressql run scenarios/ --json out/results.json
  stressql report out/results.json --html out/report.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runReport(o, args[0])
		},
	}
	cmd.Flags().StringVar(&o.htmlPath, "html", "", "write the report as self-contained HTML to `FILE` (required)")
	return cmd
}

func runReport(o *reportOptions, path string) error {
	if o.htmlPath == "" {
		return invalid("report needs --html FILE: the file to write")
	}
	run, err := loadRunJSON(path)
	if err != nil {
		return exitWith(exitInvalid, err)
	}
	if err := writeReport(o.htmlPath, run, htmlreport.Write); err != nil {
		return exitWith(exitFailed, err)
	}
	return nil
}

// loadRunJSON reads a JSON report of the schema version this stressql writes.
func loadRunJSON(path string) (*results.Run, error) {
	var r io.Reader
	if path == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	var head struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("%s is not a stressql JSON report: %v", path, err)
	}
	switch {
	case head.SchemaVersion == nil:
		return nil, fmt.Errorf("%s has no schema_version: it is not a stressql JSON report (stressql run --json writes one)", path)
	case *head.SchemaVersion != results.SchemaVersion:
		return nil, fmt.Errorf("%s has schema_version %d; this stressql reads only schema_version %d: render it with the stressql that wrote it, or re-run the scenarios", path, *head.SchemaVersion, results.SchemaVersion)
	}
	var run results.Run
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&run); err != nil {
		return nil, fmt.Errorf("%s is not a valid stressql JSON report: %v", path, err)
	}
	return &run, nil
}
