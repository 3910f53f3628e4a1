package main

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// normalizeArgs rewrites single-dash long flags ("-json", "-var-file=x")
// into the double-dash form pflag understands, for the flags of the
// command that args select, so that both spellings work. A lone "-"
// (stdin), values of flags, shorthands and everything after "--" are left
// alone.
func normalizeArgs(root *cobra.Command, args []string) []string {
	cmd := selectCommand(root, args)
	cmd.InitDefaultHelpFlag()
	lookup := func(name string) *pflag.Flag {
		if f := cmd.Flags().Lookup(name); f != nil {
			return f
		}
		return cmd.InheritedFlags().Lookup(name)
	}
	out := make([]string, 0, len(args))
	valueNext := false // the previous argument is a flag waiting for its value
	for i, a := range args {
		if valueNext {
			valueNext = false
			out = append(out, a)
			continue
		}
		if a == "--" {
			return append(out, args[i:]...)
		}
		if !strings.HasPrefix(a, "-") || len(a) < 2 {
			out = append(out, a)
			continue
		}
		name, hasValue := strings.TrimLeft(a, "-"), false
		if before, _, ok := strings.Cut(name, "="); ok {
			name, hasValue = before, true
		}
		single := !strings.HasPrefix(a, "--")
		if single && len(name) < 2 {
			out = append(out, a) // a shorthand like -h
			continue
		}
		f := lookup(name)
		if f == nil {
			out = append(out, a) // pflag will report it
			continue
		}
		if single {
			a = "-" + a
		}
		out = append(out, a)
		valueNext = !hasValue && f.NoOptDefVal == ""
	}
	return out
}

// selectCommand finds the (sub)command args name, by the leading
// arguments that are not flags.
func selectCommand(root *cobra.Command, args []string) *cobra.Command {
	cmd := root
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		next := childNamed(cmd, a)
		if next == nil {
			break
		}
		cmd = next
	}
	return cmd
}

func childNamed(cmd *cobra.Command, name string) *cobra.Command {
	for _, c := range cmd.Commands() {
		if c.Name() == name || c.HasAlias(name) {
			return c
		}
	}
	return nil
}
