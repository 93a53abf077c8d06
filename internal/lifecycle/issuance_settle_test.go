package lifecycle_test

import (
	"context"
	"testing"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// A lost or failed answer to UpdateInstance, ApplyCertificate or
// CancelPendingCertificate is settled by reading the instance: carried out
// before the answer was lost, it is not sent again; not carried out, it is
// sent once more. Either way the account carries it out exactly once.
func TestIssuance_lostAnswersSettledByReading(t *testing.T) {
	t.Parallel()
	type rule struct {
		fault emulator.Fault
		sends int // how often the engine sends the write
	}
	faults := func(action string) map[string]rule {
		return map[string]rule{
			"dropped after":   {dropAfter(action), 1},
			"503 after":       {failAfter(action, "ServiceUnavailable"), 1},
			"dropped before":  {dropBefore(action), 2},
			"503 before":      {emulator.Fault{Action: action, Times: 1, Fail: &emulator.Failure{Code: "ServiceUnavailable"}}, 2},
			"truncated after": {emulator.Fault{Action: action, Times: 1, Truncate: ptr(0)}, 1},
		}
	}
	for _, action := range []string{"UpdateInstance", "ApplyCertificate", "CancelPendingCertificate"} {
		for name, r := range faults(action) {
			t.Run(action+"/"+name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, r.fault)
				ctx := context.Background()
				if _, err := e.engine.ConfigureInstance(ctx, settings(instanceBought, "www.example.com")); err != nil {
					t.Fatalf("ConfigureInstance: %v", err)
				}
				if action != "UpdateInstance" {
					if _, err := e.engine.Apply(ctx, instanceBought); err != nil {
						t.Fatalf("Apply: %v", err)
					}
				}
				if action == "CancelPendingCertificate" {
					status, err := e.engine.Cancel(ctx, instanceBought)
					if err != nil || status != cas.InstanceInactive {
						t.Fatalf("Cancel: %s, %v", status, err)
					}
				}
				if n := e.srv.Stats().CarriedOut[action]; n != 1 {
					t.Errorf("%s carried out %d times; want once", action, n)
				}
				if n := e.sent.count(action); n != r.sends {
					t.Errorf("%s sent %d times; want %d", action, n, r.sends)
				}
				d, err := e.check.GetInstanceDetail(ctx, instanceBought)
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]cas.InstanceStatus{"UpdateInstance": cas.InstanceInactive, "ApplyCertificate": cas.InstancePending,
					"CancelPendingCertificate": cas.InstanceInactive}[action]
				if d.CurrentStatus() != want || d.Domain.Value() != "www.example.com" {
					t.Errorf("instance after %s: %s %q; want %s", action, d.CurrentStatus(), d.Domain.Value(), want)
				}
			})
		}
	}
}

// An application outstanding from an earlier run (its answer lost and
// never settled) is adopted: Apply does not submit a second.
func TestIssuance_applyAdoptsOutstanding(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.engine.ConfigureInstance(ctx, settings(instanceBought, "www.example.com")); err != nil {
		t.Fatal(err)
	}
	if err := e.check.ApplyCertificate(ctx, instanceBought); err != nil {
		t.Fatal(err)
	}
	if _, err := e.engine.Apply(ctx, instanceBought); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Stats().CarriedOut["ApplyCertificate"]; n != 1 {
		t.Fatalf("ApplyCertificate carried out %d times; want the earlier run's only", n)
	}
}
