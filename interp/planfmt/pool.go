package planfmt

import (
	"reflect"
	"strings"

	"github.com/stressql/stressql/drivers/postgres"
	"github.com/stressql/stressql/drivers/redis"
	"github.com/stressql/stressql/interp"
)

// writePool writes every attribute of the pool's configuration, marking
// those equal to the driver's default.
func writePool(b *strings.Builder, p *interp.Pool, indent string) {
	var cfg, def any
	var driver string
	switch {
	case p == nil:
		b.WriteString(indent + "pool  unchanged: the previous phase's pool\n")
		return
	case p.Postgres != nil:
		cfg, def, driver = p.Postgres, postgres.DefaultConfig(), "postgres"
	case p.Redis != nil:
		cfg, def, driver = p.Redis, redis.DefaultConfig(), "redis"
	default:
		b.WriteString(indent + "pool  (no configuration)\n")
		return
	}
	b.WriteString(indent + "pool (" + driver + ")\n")
	defaults := map[string]reflect.Value{}
	for _, a := range attrs(def, true) {
		defaults[a.name] = a.value
	}
	var r rows
	for _, a := range attrs(cfg, true) {
		note := ""
		if d, ok := defaults[a.name]; ok && reflect.DeepEqual(d.Interface(), a.value.Interface()) {
			note = "(default)"
		}
		r.addNote(a.name, value(a.value), note)
	}
	r.write(b, indent+"  ")
}
