package emulator

import (
	"context"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// outcomes sends n ListDeploymentJobCert calls one after another and
// returns the Code of each answer ("OK" for success).
func (e *faultEnv) outcomes(t *testing.T, n int) []string {
	t.Helper()
	got := make([]string, n)
	for i := range got {
		got[i] = e.code(t, "8888")
	}
	return got
}

// The same seed gives the same faults to the same sequence of requests;
// another seed gives others.
func TestFaults_chanceIsReproducible(t *testing.T) {
	t.Parallel()
	rules := func(seed uint64) []Fault {
		return []Fault{
			{Chance: 0.3, Seed: seed, Fail: &Failure{Code: "ServiceUnavailable"}},
			{Chance: 0.3, Seed: seed, Fail: &Failure{Code: "InternalError"}},
		}
	}
	first := strings.Join(newFaultEnv(t, Options{Faults: rules(7)}).outcomes(t, 60), " ")
	again := strings.Join(newFaultEnv(t, Options{Faults: rules(7)}).outcomes(t, 60), " ")
	other := strings.Join(newFaultEnv(t, Options{Faults: rules(8)}).outcomes(t, 60), " ")
	if first != again {
		t.Fatalf("seed 7 twice:\n%s\n%s", first, again)
	}
	if first == other {
		t.Errorf("seeds 7 and 8 gave the same faults: %s", first)
	}
	for _, code := range []string{"OK", "ServiceUnavailable", "InternalError"} {
		if !strings.Contains(first, code) {
			t.Errorf("no %s in 60 requests: %s", code, first)
		}
	}
}

// A rule with chance 0.5 fails about half the requests; Stats counts each
// failure under its code like any fault's.
func TestFaults_chanceAffectsThatFraction(t *testing.T) {
	t.Parallel()
	const n = 2000
	e := newFaultEnv(t, Options{Faults: []Fault{{Chance: 0.5, Seed: 1, Fail: &Failure{Code: "ServiceUnavailable"}}}})
	failed := 0
	for _, code := range e.outcomes(t, n) {
		if code != "OK" {
			failed++
		}
	}
	// Binomial(2000, 0.5): 1000 ± 22 (one standard deviation).
	if failed < 800 || failed > 1200 {
		t.Errorf("%d of %d requests failed, want about half", failed, n)
	}
	if st := e.srv.Stats(); st.Requests != n || st.Outcomes["ServiceUnavailable"] != int64(failed) || st.Outcomes["OK"] != int64(n-failed) {
		t.Errorf("stats = %+v, want %d ServiceUnavailable and %d OK", st, failed, n-failed)
	}
}

// Times counts only the requests a chance rule applied to: it fails exactly
// three times, however many requests it let through meanwhile.
func TestFaults_chanceWithTimes(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, Options{Faults: []Fault{{Times: 3, Chance: 0.1, Seed: 5, Fail: &Failure{Code: "ServiceUnavailable"}}}})
	var failedAt []int
	for i, code := range e.outcomes(t, 200) {
		if code != "OK" {
			failedAt = append(failedAt, i)
		}
	}
	if len(failedAt) != 3 {
		t.Fatalf("failed at requests %v, want exactly 3 failures", failedAt)
	}
	if failedAt[2] < 3 {
		t.Errorf("failed at requests %v: the chance was not drawn", failedAt)
	}
}

// With after, a chance rule carries out every write it meets, answered or
// not: all jobs exist, and the client saw some of them only as cut connections.
func TestFaults_afterWithChanceCarriesTheWriteOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Options{Faults: []Fault{{Action: "CreateDeploymentJob", Chance: 0.5, Seed: 2, Drop: true, After: true}}})
	const n = 20
	dropped := 0
	for i := range n {
		err := e.call(t, "CreateDeploymentJob", map[string]string{"Name": "chance-" + strconv.Itoa(i), "JobType": "user",
			"CertIds": "11174106", "ResourceIds": "22005", "ContactIds": "3304"}, nil)
		if err != nil {
			dropped++
		}
	}
	if dropped == 0 || dropped == n {
		t.Fatalf("%d of %d creates dropped, want some", dropped, n)
	}
	var list struct{ Data []jobView }
	e.mustCall(t, "ListDeploymentJob", map[string]string{"Status": "editing", "ShowSize": "100"}, &list)
	created := 0
	for _, j := range list.Data {
		if strings.HasPrefix(j.Name, "chance-") {
			created++
		}
	}
	if created != n {
		t.Errorf("%d jobs created by %d creates (%d dropped), want every one", created, n, dropped)
	}
	if st := e.srv.Stats(); st.Outcomes["fault:drop"] != int64(dropped) {
		t.Errorf("outcomes = %v, want %d fault:drop", st.Outcomes, dropped)
	}
}

func TestFaults_chanceRefusals(t *testing.T) {
	t.Parallel()
	for doc, want := range map[string]string{
		`{"faults": [{"drop": true, "chance": 1.5}]}`:  "chance must be a probability",
		`{"faults": [{"drop": true, "chance": -0.1}]}`: "chance must be a probability",
		`{"faults": [{"qps": 5, "chance": 0.5}]}`:      "chance does not apply",
		`{"faults": [{"drop": true, "seed": 3}]}`:      "seed applies only with chance",
	} {
		if _, err := ParseFaults([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFaults(%s) err = %v, want it to mention %q", doc, err, want)
		}
	}
	if _, err := New(Options{Faults: []Fault{{Drop: true, Chance: math.NaN()}}}); err == nil {
		t.Error("New accepted a NaN chance")
	}
}

// The chaos file in faults.go's documentation is what Chaos builds.
func TestChaos_isTheDocumentedFile(t *testing.T) {
	t.Parallel()
	doc := `{"faults": [
	  {"chance": 0.0436, "seed": 1, "drop": true, "after": true},
	  {"chance": 0.0436, "seed": 1, "drop": true},
	  {"chance": 0.0436, "seed": 1, "fail": {"code": "ServiceUnavailable"}},
	  {"chance": 0.0436, "seed": 1, "fail": {"code": "Throttling.User", "time_left": "200ms"}},
	  {"chance": 0.0436, "seed": 1, "fail": {"code": "InternalError"}, "after": true}
	]}`
	parsed, err := ParseFaults([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	built := Chaos(1, 0.2)
	if len(built) != len(parsed) {
		t.Fatalf("Chaos made %d rules, the file has %d", len(built), len(parsed))
	}
	for i, b := range built {
		p := parsed[i]
		if math.Abs(b.Chance-p.Chance) > 1e-4 {
			t.Errorf("rule %d: chance %v, the file says %v", i, b.Chance, p.Chance)
		}
		b.Chance = p.Chance
		if b.Drop != p.Drop || b.After != p.After || b.Seed != p.Seed || b.Action != "" ||
			(b.Fail == nil) != (p.Fail == nil) || (b.Fail != nil && *b.Fail != *p.Fail) {
			t.Errorf("rule %d: Chaos made %+v, the file says %+v", i, b, p)
		}
	}
}

func TestChaos_rulesPerAction(t *testing.T) {
	t.Parallel()
	if rules := Chaos(1, 0); rules != nil {
		t.Errorf("Chaos with fraction 0 = %+v, want no rules", rules)
	}
	rules := Chaos(3, 0.5, "CreateDeploymentJob", "UpdateDeploymentJobStatus")
	if len(rules) != 10 || rules[0].Action != "CreateDeploymentJob" || rules[9].Action != "UpdateDeploymentJobStatus" {
		t.Fatalf("rules = %+v", rules)
	}
	if _, err := New(Options{Faults: Chaos(3, 1)}); err != nil {
		t.Errorf("New refused Chaos with fraction 1: %v", err)
	}
	rules[2].Fail.Code = "Edited"
	if rules[7].Fail.Code != "ServiceUnavailable" {
		t.Error("the rules of two actions share their Failure")
	}
}

// Under Chaos a fifth of the calls fail, in each of its ways, and calls of
// other actions are left alone.
func TestChaos_failsThatFractionInEveryWay(t *testing.T) {
	t.Parallel()
	const n = 1000
	rules := append(Chaos(42, 0.2, "ListDeploymentJobCert"), Chaos(42, 1, "ListDeploymentJob")...)
	e := newFaultEnv(t, Options{Faults: rules})
	drops := 0
	for range n {
		if err := e.list(context.Background(), "8888"); errors.Is(err, io.EOF) {
			drops++
		}
	}
	st := e.srv.Stats()
	failed := n - st.Outcomes["OK"]
	// Binomial(1000, 0.2): 200 ± 13.
	if failed < 140 || failed > 260 {
		t.Errorf("%d of %d calls failed, want about a fifth: %v", failed, n, st.Outcomes)
	}
	for _, outcome := range []string{"fault:drop", "ServiceUnavailable", "Throttling.User", "InternalError"} {
		if st.Outcomes[outcome] == 0 {
			t.Errorf("no %s in %v", outcome, st.Outcomes)
		}
	}
	if st.Outcomes["fault:drop"] != int64(drops) {
		t.Errorf("Stats counts %d drops, the client saw %d", st.Outcomes["fault:drop"], drops)
	}
}

// Concurrent requests draw from one rule's generator in turn (go test -race
// watches), and every one is counted.
func TestFaults_chanceUnderConcurrentRequests(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, Options{Faults: []Fault{{Chance: 0.5, Seed: 9, Fail: &Failure{Code: "ServiceUnavailable"}}}})
	var wg sync.WaitGroup
	for range 4 {
		_, api := e.newClient(t)
		wg.Go(func() {
			for range 50 {
				_ = listWith(context.Background(), api, "8888")
			}
		})
	}
	wg.Wait()
	st := e.srv.Stats()
	if st.Outcomes["OK"]+st.Outcomes["ServiceUnavailable"] != 200 || st.Outcomes["ServiceUnavailable"] < 50 || st.Outcomes["OK"] < 50 {
		t.Errorf("outcomes of 200 requests = %v, want about half ServiceUnavailable", st.Outcomes)
	}
}
