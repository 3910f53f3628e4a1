package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/engine"
	"github.com/stressql/stressql/redact"
)

// Bounds of `stressql clean`.
const (
	cleanConnectTimeout = 10 * time.Second
	cleanTimeout        = 5 * time.Minute
)

// cleanOptions are the flags of `stressql clean`.
type cleanOptions struct {
	targets runOptions // only its target flags
	drivers []string
	dryRun  bool
}

// cleanDrivers are the drivers clean knows (those with a cleaner), in the
// order it reports them.
func cleanDrivers(reg *drivers.Registry) []*drivers.Descriptor {
	var out []*drivers.Descriptor
	for _, d := range reg.All() {
		if d.NewCleaner != nil {
			out = append(out, d)
		}
	}
	return out
}

// cleanNames lists the names of ds.
func cleanNames(ds []*drivers.Descriptor) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name
	}
	return out
}

// orNames renders names as "a, b or c".
func orNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// allOf is "both" for two, else "all".
func allOf(n int) string {
	if n == 2 {
		return "both"
	}
	return "all"
}

func newCleanCommand(g *globalOptions) *cobra.Command {
	o := &cleanOptions{}
	cmd := &cobra.Command{
		Use:   "clean",
		Short: "Remove what earlier runs left on the servers (schemas, keys)",
		Long: `Clean removes what runs that ended without their cleanup (killed with
SIGKILL, a second Ctrl-C, a crash) left on the targets: the PostgreSQL
schemas stressql_<run>_<n> of the target's database and the Redis keys
stressql:<run>:<n>:* of the target's database, <run> being a run id (8
hex digits) and <n> a scenario number. Nothing else is ever touched:
not other schemas or keys, not other Redis databases.

Runs still connected (a session whose application_name, or a client whose
name, starts with stressql:<run>:, on either target) are skipped: their
namespaces are theirs to clean. Clean is idempotent and safe to run at any
time; --dry-run lists what it would remove.

` + targetsHelp(g.registry(), "else the local servers, as for run; --driver limits clean to some of them. Passwords never appear in the output.") + `

Exit status: 0 cleaned (or nothing to clean); 1 a target could not be
reached (nothing is removed then) or something could not be removed;
2 invalid usage.`,
		Example: `  stressql clean
  stressql clean --dry-run
  stressql clean --driver redis --redis redis://127.0.0.1:6380/0`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runClean(cmd.Context(), g, o)
		},
	}
	fs := cmd.Flags()
	o.targets.addTargetFlags(fs, g.registry())
	known := cleanNames(cleanDrivers(g.registry()))
	fs.StringArrayVar(&o.drivers, "driver", nil, "clean only this target: "+orNames(known)+" (repeatable; default "+allOf(len(known))+")")
	fs.BoolVar(&o.dryRun, "dry-run", false, "list what would be removed, remove nothing")
	return cmd
}

// cleanTarget is one target's share of a clean.
type cleanTarget struct {
	driver, url string
	keys        bool // its namespaces are key prefixes (else schemas)
	c           drivers.Cleaner
	found       []drivers.Leftover
}

// runClean lists what earlier runs left on every selected target, then
// which runs are still connected to any of them, then removes the rest.
// Listing first means a run that starts meanwhile is not in the list: its
// run id is new.
func runClean(ctx context.Context, g *globalOptions, o *cleanOptions) error {
	known := cleanDrivers(g.registry())
	selected := cleanNames(known)
	if len(o.drivers) > 0 {
		for _, d := range o.drivers {
			if !slices.Contains(selected, d) {
				return invalid("--driver %q: want %s", d, orNames(selected))
			}
		}
		selected = o.drivers
	}
	ctx, cancel := context.WithTimeout(ctx, cleanTimeout)
	defer cancel()
	naming := cleanNaming()
	urls := o.targets.targets(g)

	var targets []*cleanTarget
	defer func() {
		for _, t := range targets {
			t.c.Close()
		}
	}()
	for _, desc := range known {
		d := desc.Name
		if !slices.Contains(selected, d) {
			continue
		}
		cctx, ccancel := context.WithTimeout(ctx, cleanConnectTimeout)
		c, err := desc.NewCleaner(cctx, urls[d])
		ccancel()
		if err != nil {
			hint := ""
			if len(selected) > 1 {
				hint = " (--driver cleans only the other target)"
			}
			return exitWith(exitFailed, fmt.Errorf("%s target %s: %v\nNothing was removed%s.", d, redact.Target(urls[d]), err, hint))
		}
		targets = append(targets, &cleanTarget{driver: d, keys: desc.Namespace == drivers.NamespaceKeyPrefix, url: urls[d], c: c})
	}
	for _, t := range targets {
		found, err := t.c.Leftovers(ctx, naming)
		if err != nil {
			return exitWith(exitFailed, fmt.Errorf("%s target %s: %v\nNothing was removed.", t.driver, redact.Target(t.url), err))
		}
		t.found = found
	}
	live := map[string]bool{}
	for _, t := range targets {
		runs, err := t.c.ConnectedRuns(ctx, naming)
		if err != nil {
			return exitWith(exitFailed, fmt.Errorf("%s target %s: %v\nNothing was removed.", t.driver, redact.Target(t.url), err))
		}
		for r := range runs {
			live[r] = true
		}
	}

	var failed []string
	for _, t := range targets {
		var remove, skip []drivers.Leftover
		for _, l := range t.found {
			if live[l.Run] {
				skip = append(skip, l)
			} else {
				remove = append(remove, l)
			}
		}
		removed := remove
		if !o.dryRun && len(remove) > 0 {
			var err error
			removed, err = t.c.Remove(ctx, naming, remove)
			if err != nil {
				failed = append(failed, fmt.Sprintf("%s target %s: %v", t.driver, redact.Target(t.url), err))
			}
		}
		printClean(g.stdout, t, removed, skip, o.dryRun)
	}
	if len(failed) > 0 {
		return exitWith(exitFailed, fmt.Errorf("%s", strings.Join(failed, "\n")))
	}
	return nil
}

// cleanNaming is the tool's naming, from the engine that makes the names.
func cleanNaming() drivers.Naming {
	return drivers.Naming{
		Schema:  engine.LeftoverSchema,
		Key:     engine.LeftoverKey,
		KeyGlob: engine.LeftoverKeyGlob,
		Conn:    engine.ConnectedRun,
	}
}

// printClean says what clean removed (or would) on one target, and what
// it left to runs still connected. The names printed are of the tool's
// naming only ([a-z0-9_:]), so they need no escaping.
func printClean(w io.Writer, t *cleanTarget, removed, skipped []drivers.Leftover, dryRun bool) {
	verb := "removed"
	if dryRun {
		verb = "would remove"
	}
	fmt.Fprintf(w, "%s %s\n", t.driver, redact.Target(t.url))
	switch {
	case len(removed) == 0 && dryRun:
		fmt.Fprintf(w, "  nothing to remove\n")
	case len(removed) == 0:
		fmt.Fprintf(w, "  removed nothing\n")
	case !t.keys:
		fmt.Fprintf(w, "  %s %s: %s\n", verb, plural(len(removed), "schema"), names(removed, false))
	default:
		var keys int64
		for _, l := range removed {
			keys += l.Keys
		}
		fmt.Fprintf(w, "  %s %s under %s: %s\n", verb, plural(int(keys), "key"), prefixes(len(removed)), names(removed, true))
	}
	if len(skipped) > 0 {
		runs := map[string]bool{}
		for _, l := range skipped {
			runs[l.Run] = true
		}
		ids := make([]string, 0, len(runs))
		for r := range runs {
			ids = append(ids, r)
		}
		slices.Sort(ids)
		fmt.Fprintf(w, "  skipped %s still connected (%s): %s\n", plural(len(ids), "run"), strings.Join(ids, ", "), names(skipped, t.keys))
	}
}

// names lists leftovers: schema names, or key prefixes with their counts.
func names(ls []drivers.Leftover, keys bool) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.Name
		if keys {
			parts[i] = fmt.Sprintf("%s* (%s)", l.Name, plural(int(l.Keys), "key"))
		}
	}
	return strings.Join(parts, ", ")
}

// prefixes renders "1 prefix", "2 prefixes".
func prefixes(n int) string {
	if n == 1 {
		return "1 prefix"
	}
	return fmt.Sprintf("%d prefixes", n)
}
