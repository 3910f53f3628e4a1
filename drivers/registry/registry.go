// Package registry lists the tool's drivers: the one place that imports
// every driver package and names them. cmd hands Default to dsl, the
// compiler and the engine; a test adds its own driver with
// Default().With(desc), which leaves Default unchanged.
package registry

import (
	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
)

var tool = drivers.NewRegistry(&postgres.Descriptor, &redis.Descriptor)

// Default is the tool's registry: postgres, then redis.
func Default() *drivers.Registry { return tool }
