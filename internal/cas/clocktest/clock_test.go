package clocktest

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Time waits for every member: one sleeping a second and one sleeping three
// wake at 1s and 3s, whatever order they started in.
func TestMembersWakeInOrder(t *testing.T) {
	c := New()
	woke := make(chan time.Duration, 2)
	for _, d := range []time.Duration{3 * time.Second, time.Second} {
		c.Go(func() {
			if err := c.Sleep(context.Background(), d); err != nil {
				t.Error(err)
			}
			woke <- c.Elapsed()
		})
	}
	c.Wait()
	if first, second := <-woke, <-woke; first != time.Second || second != 3*time.Second {
		t.Fatalf("woke at %s and %s, want 1s and 3s", first, second)
	}
}

// A deadline from WithTimeout ends a longer sleep at the deadline, with
// context.DeadlineExceeded, and its Deadline is on this clock.
func TestWithTimeout(t *testing.T) {
	c := New()
	ctx, cancel := c.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if dl, ok := ctx.Deadline(); !ok || dl.Sub(c.Now()) != 2*time.Second {
		t.Fatalf("deadline %v, %v", dl, ok)
	}
	err := c.Sleep(ctx, time.Hour)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(ctx.Err(), context.DeadlineExceeded) || c.Elapsed() != 2*time.Second {
		t.Fatalf("err %v, ctx %v after %s; want the deadline at 2s", err, ctx.Err(), c.Elapsed())
	}
	// Cancelled by hand, it is Canceled.
	ctx, cancel = c.WithTimeout(context.Background(), time.Hour)
	cancel()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Fatalf("cancelled: %v", ctx.Err())
	}
}

// A deadline ends a wait the clock does not see (here a channel, as a
// request in flight) at its own time, even while a sleeper waits longer:
// time stops there.
func TestDeadlineIsAWakeUp(t *testing.T) {
	c := New()
	ctx, cancel := c.WithTimeout(context.Background(), time.Second)
	defer cancel()
	sleeper, stop := context.WithCancel(context.Background())
	slept := make(chan error)
	go func() { slept <- c.Sleep(sleeper, time.Hour) }()
	<-ctx.Done()
	if got := c.Elapsed(); got != time.Second || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("the deadline ended the wait at %s with %v, want 1s and DeadlineExceeded", got, ctx.Err())
	}
	stop()
	if err := <-slept; !errors.Is(err, context.Canceled) || c.Elapsed() != time.Second {
		t.Fatalf("the sleeper: %v at %s, want Canceled at 1s", err, c.Elapsed())
	}
}
