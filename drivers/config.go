package drivers

import (
	"reflect"
	"strings"
	"time"
)

// A driver's pool configuration is a struct whose fields carry the pool
// attributes' names as json tags (`json:"max_conns"`): FillConfig and
// ValuesOf convert between it and Values, so that a descriptor's NewConfig
// is a line and `plan` can print any driver's configuration.

// FillConfig sets the fields of the struct dst points to from v, each by
// its json tag; a count goes into any integer field.
func FillConfig(dst any, v Values) {
	rv := reflect.ValueOf(dst).Elem()
	fields := tagged(rv.Type())
	for _, x := range v {
		i, ok := fields[x.Name]
		if !ok {
			continue
		}
		f := rv.Field(i)
		switch val := x.Val.(type) {
		case bool:
			f.SetBool(val)
		case int64:
			f.SetInt(val)
		case time.Duration:
			f.SetInt(int64(val))
		case string:
			f.SetString(val)
		}
	}
}

// ValuesOf returns the values of the driver's pool attributes in cfg, a
// configuration made by NewConfig (a struct or a pointer to one), in the
// descriptor's order. Attributes without a field are left out.
func (d *Descriptor) ValuesOf(cfg any) Values {
	rv := reflect.Indirect(reflect.ValueOf(cfg))
	if !rv.IsValid() || rv.Kind() != reflect.Struct {
		return nil
	}
	fields := tagged(rv.Type())
	out := make(Values, 0, len(d.Pool))
	for _, a := range d.Pool {
		i, ok := fields[a.Name]
		if !ok {
			continue
		}
		f := rv.Field(i)
		var val any
		switch a.Type {
		case TypeBool:
			val = f.Bool()
		case TypeCount:
			val = f.Int()
		case TypeDuration:
			val = time.Duration(f.Int())
		case TypeEnum:
			val = f.String()
		}
		out = append(out, Value{a.Name, val})
	}
	return out
}

// tagged maps json tag names to field indexes.
func tagged(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" && t.Field(i).IsExported() {
			out[name] = i
		}
	}
	return out
}
