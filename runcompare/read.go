package runcompare

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/stressql/stressql/results"
)

// ReadFile reads a JSON report written by `stressql run --json`. A report
// of another schema version is an error that says so: its members do not
// mean the same.
func ReadFile(path string) (*results.Run, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading report: %w", err)
	}
	run, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return run, nil
}

// Parse reads a JSON report (see ReadFile).
func Parse(data []byte) (*results.Run, error) {
	var head struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a stressql JSON report: %w", err)
	}
	if head.SchemaVersion == nil {
		return nil, fmt.Errorf("not a stressql JSON report: it has no schema_version (write it with stressql run --json)")
	}
	if *head.SchemaVersion != results.SchemaVersion {
		return nil, fmt.Errorf("the report has schema_version %d, this stressql reads %d: rerun the scenarios with this version to get a comparable report", *head.SchemaVersion, results.SchemaVersion)
	}
	var run results.Run
	if err := json.Unmarshal(data, &run); err != nil {
		return nil, fmt.Errorf("not a stressql JSON report: %w", err)
	}
	return &run, nil
}
