package ephemeral

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/stressql/stressql/drivers"
)

// Set is the throwaway servers of one run, by driver name.
type Set struct {
	Servers map[string]*Server
}

// Start starts one server per driver named ("postgres", "redis"); on an
// error the servers already started are stopped again.
func Start(ctx context.Context, driverNames []string) (*Set, error) {
	set := &Set{Servers: map[string]*Server{}}
	names := append([]string(nil), driverNames...)
	sort.Strings(names)
	for _, d := range names {
		if set.Servers[d] != nil {
			continue
		}
		var s *Server
		var err error
		switch d {
		case "postgres":
			s, err = StartPostgres(ctx, "")
		case "redis":
			s, err = StartRedis(ctx, "")
		default:
			err = fmt.Errorf("--ephemeral cannot start a %s server (it starts postgres and redis)", d)
		}
		if err != nil {
			set.Stop()
			return nil, err
		}
		set.Servers[d] = s
	}
	return set, nil
}

// Targets are the servers' URLs by driver.
func (s *Set) Targets() map[string]string {
	out := map[string]string{}
	for d, srv := range s.Servers {
		out[d] = srv.URL
	}
	return out
}

// Controls are the servers as the restart fault's controls, by driver.
func (s *Set) Controls() map[string]drivers.ServerControl {
	out := map[string]drivers.ServerControl{}
	for d, srv := range s.Servers {
		out[d] = srv
	}
	return out
}

// Stop stops every server and removes its directory. It is idempotent
// and accepts a nil Set.
func (s *Set) Stop() error {
	if s == nil {
		return nil
	}
	var errs []error
	for _, srv := range s.Servers {
		errs = append(errs, srv.Stop())
	}
	return errors.Join(errs...)
}
