package ephemeral

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/plan"
)

// Set is the throwaway servers of one run: a standalone server by driver
// name (Servers), and the deployments of other topologies (Deployments,
// by DeploymentKey).
//
// Deployment and Stop may be called concurrently (a second interrupt stops
// the set while a deployment starts: that one is stopped as soon as its
// start returns). Read the maps only when neither runs.
type Set struct {
	Servers     map[string]*Server
	Deployments map[string]*Deployment

	mu      sync.Mutex
	stopped bool
}

// DeploymentKey names the deployment of topology t for driver in a Set:
// scenarios with the same key share it.
func DeploymentKey(driver string, t *plan.Topology) string { return driver + " " + t.Key() }

// Deployment starts, unless the set has it already, the deployment of
// topology t (nil: standalone) for driver, and returns it. A standalone
// deployment's server is also the set's Servers[driver].
func (s *Set) Deployment(ctx context.Context, driver string, t *plan.Topology) (*Deployment, error) {
	key := DeploymentKey(driver, t)
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return nil, errors.New("the set of servers was stopped")
	}
	if d := s.Deployments[key]; d != nil {
		s.mu.Unlock()
		return d, nil
	}
	if t == nil || t.Kind == plan.TopologyStandalone {
		if srv := s.Servers[driver]; srv != nil {
			d := &Deployment{Driver: driver, Kind: plan.TopologyStandalone, Key: t.Key(), URL: srv.URL,
				Servers: []*Server{srv}, Roles: []string{driver}, Control: srv}
			s.deployments()[key] = d
			s.mu.Unlock()
			return d, nil
		}
	}
	s.mu.Unlock()
	d, err := StartTopology(ctx, driver, t)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		d.Stop()
		return nil, errors.New("the set of servers was stopped while it started")
	}
	s.deployments()[key] = d
	if d.Kind == plan.TopologyStandalone {
		if s.Servers == nil {
			s.Servers = map[string]*Server{}
		}
		s.Servers[driver] = d.Control
	}
	return d, nil
}

func (s *Set) deployments() map[string]*Deployment {
	if s.Deployments == nil {
		s.Deployments = map[string]*Deployment{}
	}
	return s.Deployments
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
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	var errs []error
	for _, d := range s.Deployments {
		errs = append(errs, d.Stop())
	}
	for _, srv := range s.Servers {
		errs = append(errs, srv.Stop())
	}
	return errors.Join(errs...)
}
