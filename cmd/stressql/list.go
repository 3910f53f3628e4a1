package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/planfmt"
)

type listOptions struct {
	config  configFlags
	json    bool
	noColor bool
}

// listEntry is one scenario in `list --json`.
type listEntry struct {
	Name             string   `json:"name"`
	Driver           string   `json:"driver"`
	Description      string   `json:"description"`
	Tags             []string `json:"tags"`
	ExpectedDuration string   `json:"expected_duration"`
	Source           string   `json:"source"`
}

func newListCommand(g *globalOptions) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "list PATH...",
		Short: "List scenarios: name, driver, tags, expected duration",
		Long: `List loads and compiles the scenario files and prints one line per scenario
(after for_each expansion): its name, driver, tags and expected duration,
then the total. --json prints an array of objects instead.

Exit status: 0, or 2 when the configuration is invalid.`,
		Example: `  stressql list scenarios/
  stressql list scenarios/ --tag exhaustion
  stressql list --json scenarios/ | jq -r '.[].name'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			plan, err := compilePlan(g, &o.config, args, o.noColor)
			if err != nil {
				return err
			}
			if o.json {
				err = writeJSON(g.stdout, listEntries(plan))
			} else {
				err = writeList(g.stdout, plan)
			}
			if err != nil {
				return writeErr("list", err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	o.config.addVarFlags(fs)
	o.config.addSelectFlags(fs)
	fs.BoolVar(&o.json, "json", false, "print a JSON array")
	fs.BoolVar(&o.noColor, "no-color", false, "never color the output")
	return cmd
}

func listEntries(plan *plan.Plan) []listEntry {
	out := make([]listEntry, 0, len(plan.Scenarios))
	for _, s := range plan.Scenarios {
		tags := s.Tags
		if tags == nil {
			tags = []string{}
		}
		out = append(out, listEntry{
			Name:             s.Name,
			Driver:           s.Driver,
			Description:      s.Description,
			Tags:             tags,
			ExpectedDuration: planfmt.Duration(s.ExpectedDuration),
			Source:           fmt.Sprintf("%s:%d:%d", s.Source.Filename, s.Source.Line, s.Source.Column),
		})
	}
	return out
}

// writeList writes the aligned table.
func writeList(w io.Writer, plan *plan.Plan) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDRIVER\tTAGS\tEXPECTED")
	var total time.Duration
	for _, s := range plan.Scenarios {
		tags := termtext.Line(strings.Join(s.Tags, ","))
		if tags == "" {
			tags = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", termtext.Line(s.Name), termtext.Line(s.Driver), tags, planfmt.Duration(s.ExpectedDuration))
		total += s.ExpectedDuration
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s, expected to take %s in total.\n",
		plural(len(plan.Scenarios), "scenario"), planfmt.Duration(total))
	return err
}
