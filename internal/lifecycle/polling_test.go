package lifecycle

import (
	"testing"
	"time"
)

// Each look waits half again as long as the one before, from Floor up to
// Ceiling, within ±20 % jitter; the jitter does spread the waits.
func TestPollingInterval(t *testing.T) {
	t.Parallel()
	p := Polling{Floor: time.Second, Ceiling: 30 * time.Second}
	want := []float64{1000, 1500, 2250, 3375, 5062.5, 7593.75, 11390.625, 17085.9375, 25628.90625, 30000, 30000, 30000}
	for i, ms := range want {
		n := i + 1
		nominal := time.Duration(ms * float64(time.Millisecond))
		lo, hi := time.Duration(float64(nominal)*0.8), time.Duration(float64(nominal)*1.2)
		seenLow, seenHigh := false, false
		for range 500 {
			d := p.interval(n)
			if d < lo || d > hi {
				t.Fatalf("interval(%d) = %s, want within %s..%s (±20%% of %s)", n, d, lo, hi, nominal)
			}
			seenLow = seenLow || d < time.Duration(float64(nominal)*0.9)
			seenHigh = seenHigh || d > time.Duration(float64(nominal)*1.1)
		}
		if !seenLow || !seenHigh {
			t.Errorf("interval(%d): 500 draws never went below 90%% or above 110%% of %s: no jitter", n, nominal)
		}
	}
	if d := p.interval(1000); d > time.Duration(float64(p.Ceiling)*1.2) {
		t.Errorf("interval(1000) = %s, beyond the ceiling %s", d, p.Ceiling)
	}
}
