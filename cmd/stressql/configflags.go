package main

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/dsl"
)

// configFlags are the flags that say how to load scenario files: variable
// values, and which scenarios to keep.
type configFlags struct {
	vars, varFiles []string
	filters, tags  []string
	// interval is the run's interval (--interval): windowed checks'
	// windows must be multiples of it. 0 means dsl.DefaultInterval.
	interval time.Duration
}

// addVarFlags declares --var and --var-file.
func (c *configFlags) addVarFlags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&c.vars, "var", nil, "set a variable: `NAME=VALUE`, the value an HCL expression or else a plain string (repeatable; later wins)")
	fs.StringArrayVar(&c.varFiles, "var-file", nil, "read variables from an HCL `FILE` of NAME = value lines (repeatable)")
}

// addSelectFlags declares --filter and --tag.
func (c *configFlags) addSelectFlags(fs *pflag.FlagSet) {
	fs.StringArrayVar(&c.filters, "filter", nil, "keep scenarios whose name matches this `GLOB` (repeatable; any may match; escape [ and ] or give the exact name)")
	fs.StringArrayVar(&c.tags, "tag", nil, "keep scenarios with this `TAG` (repeatable; any may match)")
}

// addIntervalFlag declares --interval, the interval against which
// validate and plan check the windows of windowed checks (run's own
// --interval must set configFlags.interval too, so that what validate
// accepts is what run accepts).
func (c *configFlags) addIntervalFlag(fs *pflag.FlagSet) {
	fs.DurationVar(&c.interval, "interval", dsl.DefaultInterval, "the run's series `INTERVAL`: windowed checks' windows must be multiples of it")
}

// checkInterval rejects an --interval that is not positive (for the
// commands that declare it).
func (c *configFlags) checkInterval(cmd string) error {
	if c.interval <= 0 {
		return invalid("%s: --interval must be longer than 0s; got %s", cmd, c.interval)
	}
	return nil
}

// loadOptions are the dsl options the flags ask for.
func (c *configFlags) loadOptions(reg *drivers.Registry) dsl.LoadOptions {
	return dsl.LoadOptions{Vars: c.vars, VarFiles: c.varFiles, Drivers: reg, Interval: c.interval}
}
