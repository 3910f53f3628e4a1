package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// monitor is the connection that asks the server about the pool's
// connections. It has its own application_name, so it never counts
// itself, and it does not go through Env.DialAddr or Env.Host: faults
// aimed at the pool must not blind the measurement.
type monitor struct {
	cfg  *pgx.ConnConfig
	mu   sync.Mutex
	conn *pgx.Conn
}

// do runs f on the monitor connection, connecting first if needed. With
// keep false the connection is closed afterwards.
func (m *monitor) do(ctx context.Context, keep bool, f func(*pgx.Conn) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.conn == nil || m.conn.IsClosed() {
		c, err := pgx.ConnectConfig(ctx, m.cfg)
		if err != nil {
			return fmt.Errorf("monitor connection: %w", err)
		}
		m.conn = c
	}
	err := f(m.conn)
	if !keep || m.conn.IsClosed() {
		m.closeLocked()
	}
	return err
}

func (m *monitor) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closeLocked()
}

func (m *monitor) closeLocked() {
	if m.conn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = m.conn.Close(ctx) // the socket is closed even when this reports an error
	m.conn = nil
}
