// Package clocktest is a fake cas.Clock whose time moves only when every
// goroutine taking part is waiting on it: it then jumps to the earliest wake
// up. Network calls take no time on it, and what a test asserts about
// waiting (how long, how many calls in a second) is the same on a slow
// machine as on a fast one.
//
// Goroutines take part when started with Go; time stands still until Wait,
// so that all of them are counted before any moves it. With none started,
// every Sleep moves time at once, which suits a test with one caller.
package clocktest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"
)

// Clock is a fake clock; the zero value is not usable, call New.
type Clock struct {
	mu        sync.Mutex
	start     time.Time
	now       time.Time
	members   int
	held      bool // Go was called and Wait not yet: more members may come
	sleepers  []*sleeper
	deadlines []*deadlineCtx
	wg        sync.WaitGroup
}

type sleeper struct {
	at   time.Time
	wake chan struct{}
}

// New returns a clock at the real time, rounded down to a whole second as
// quota windows are (signed requests carry the real time, which the
// emulator checks).
func New() *Clock {
	start := time.Now().Truncate(time.Second)
	return &Clock{start: start, now: start}
}

// Elapsed is how far the clock has moved since New.
func (c *Clock) Elapsed() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now.Sub(c.start)
}

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Go runs f in a goroutine that takes part: time waits for it. Time moves
// only once Wait is called.
func (c *Clock) Go(f func()) {
	c.mu.Lock()
	c.members++
	c.held = true
	c.mu.Unlock()
	c.wg.Go(func() {
		defer func() {
			c.mu.Lock()
			c.members--
			c.advance()
			c.mu.Unlock()
		}()
		f()
	})
}

// Wait lets time move and waits for every goroutine started with Go.
func (c *Clock) Wait() {
	c.mu.Lock()
	c.held = false
	c.advance()
	c.mu.Unlock()
	c.wg.Wait()
}

// Sleep waits until the clock has moved d on, or ctx is done. A deadline
// set with this clock's WithTimeout ends it at that time.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	c.mu.Lock()
	s := &sleeper{at: c.now.Add(d), wake: make(chan struct{})}
	if dc, ok := ctx.Value(deadlineKey{}).(*deadlineCtx); ok && dc.deadline.Before(s.at) {
		s.at = dc.deadline
	}
	c.sleepers = append(c.sleepers, s)
	c.advance()
	c.mu.Unlock()
	select {
	case <-s.wake:
		return ctx.Err()
	case <-ctx.Done():
		c.mu.Lock()
		c.sleepers = slices.DeleteFunc(c.sleepers, func(x *sleeper) bool { return x == s })
		c.mu.Unlock()
		return ctx.Err()
	}
}

// advance moves time to the earliest wake-up when every member sleeps, and
// wakes whoever is due. A deadline is a wake-up too: it may end a wait the
// clock does not see (a request in flight), and that ends at its time, not
// at the next sleeper's. It holds c.mu.
func (c *Clock) advance() {
	if c.held || len(c.sleepers) == 0 || len(c.sleepers) < c.members {
		return
	}
	next := c.sleepers[0].at
	for _, s := range c.sleepers[1:] {
		if s.at.Before(next) {
			next = s.at
		}
	}
	for _, dc := range c.deadlines {
		if dc.deadline.Before(next) {
			next = dc.deadline
		}
	}
	if next.After(c.now) {
		c.now = next
	}
	c.deadlines = slices.DeleteFunc(c.deadlines, func(dc *deadlineCtx) bool {
		if dc.deadline.After(c.now) {
			return false
		}
		dc.cancel(context.DeadlineExceeded)
		return true
	})
	c.sleepers = slices.DeleteFunc(c.sleepers, func(s *sleeper) bool {
		if s.at.After(c.now) {
			return false
		}
		close(s.wake)
		return true
	})
}

// WithTimeout returns a context that ends with context.DeadlineExceeded
// once this clock reaches now + d. (Contexts derived from it report
// context.Canceled then, with DeadlineExceeded as their cause.)
func (c *Clock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	inner, cancel := context.WithCancelCause(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	dc := &deadlineCtx{Context: inner, cancel: cancel, deadline: c.now.Add(d)}
	if parent, ok := ctx.Value(deadlineKey{}).(*deadlineCtx); ok && parent.deadline.Before(dc.deadline) {
		dc.deadline = parent.deadline
	}
	if !dc.deadline.After(c.now) {
		cancel(context.DeadlineExceeded)
	} else {
		c.deadlines = append(c.deadlines, dc)
	}
	return dc, func() {
		cancel(context.Canceled)
		c.mu.Lock()
		c.deadlines = slices.DeleteFunc(c.deadlines, func(x *deadlineCtx) bool { return x == dc })
		c.mu.Unlock()
	}
}

type deadlineKey struct{}

type deadlineCtx struct {
	context.Context
	cancel   context.CancelCauseFunc
	deadline time.Time
}

func (dc *deadlineCtx) Deadline() (time.Time, bool) { return dc.deadline, true }

func (dc *deadlineCtx) Err() error {
	err := dc.Context.Err()
	if err != nil && errors.Is(context.Cause(dc.Context), context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return err
}

func (dc *deadlineCtx) Value(key any) any {
	if key == (deadlineKey{}) {
		return dc
	}
	return dc.Context.Value(key)
}
