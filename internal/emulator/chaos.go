package emulator

import (
	"math"
	"time"
)

// chaosThrottleWait is how long the throttling answers of Chaos tell the
// client to wait (x-ratelimit-user TimeLeft): short, for tests.
const chaosThrottleWait = 200 * time.Millisecond

// Chaos returns fault rules that fail about fraction (0 to 1) of the
// requests they match, reproducibly for a seed, in five ways tried in this
// order: the write is carried out and the connection dropped before its
// answer; the connection is dropped before anything is carried out;
// ServiceUnavailable (503); Throttling.User (400, to wait 200ms); the
// write is carried out and InternalError (500) answered. Each rule applies
// with the same chance c, so that 1-(1-c)^5 = fraction. With actions, the
// five rules are made for each action and match only it; without, they
// match every action. A fraction of 0 or less gives no rules.
func Chaos(seed uint64, fraction float64, actions ...string) []Fault {
	if !(fraction > 0) {
		return nil
	}
	kinds := []Fault{
		{Drop: true, After: true},
		{Drop: true},
		{Fail: &Failure{Code: "ServiceUnavailable"}},
		{Fail: &Failure{Code: "Throttling.User", TimeLeft: Duration(chaosThrottleWait)}},
		{Fail: &Failure{Code: "InternalError"}, After: true},
	}
	chance := 1 - math.Pow(1-min(fraction, 1), 1/float64(len(kinds)))
	if len(actions) == 0 {
		actions = []string{""}
	}
	rules := make([]Fault, 0, len(actions)*len(kinds))
	for _, action := range actions {
		for _, k := range kinds {
			k.Action, k.Chance, k.Seed = action, chance, seed
			if k.Fail != nil {
				fail := *k.Fail // each rule its own, so that callers may edit one
				k.Fail = &fail
			}
			rules = append(rules, k)
		}
	}
	return rules
}
