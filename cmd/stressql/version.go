package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version = "dev"

// versionString is "stressql VERSION (GOVERSION OS/ARCH)".
func versionString() string {
	return fmt.Sprintf("stressql %s (%s %s/%s)", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func newVersionCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version of stressql and of Go it was built with",
		Example: "  stressql version",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if _, err := fmt.Fprintln(g.stdout, versionString()); err != nil {
				return exitWith(exitFailed, fmt.Errorf("version: %w", err))
			}
			return nil
		},
	}
}
