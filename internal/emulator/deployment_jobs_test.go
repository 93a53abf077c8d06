package emulator

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// jobsPage is a ListDeploymentJob answer as the tests read it.
type jobsPage struct {
	CurrentPage, ShowSize, Total int
	Data                         []map[string]json.RawMessage
	RequestID                    string `json:"RequestId"`
}

func listJobs(t *testing.T, e *env, query map[string]string) jobsPage {
	t.Helper()
	if _, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: "ListDeploymentJob", query: query}); err != nil {
		t.Fatalf("ListDeploymentJob %v: %v", query, err)
	}
	var p jobsPage
	if err := json.Unmarshal(e.last(t).respBody, &p); err != nil {
		t.Fatal(err)
	}
	if !requestIDPattern.MatchString(p.RequestID) {
		t.Errorf("RequestId %q", p.RequestID)
	}
	return p
}

func (p jobsPage) ids() []string {
	var ids []string
	for _, j := range p.Data {
		ids = append(ids, string(j["Id"]))
	}
	return ids
}

func TestListDeploymentJobDefaults(t *testing.T) {
	e := newEnv(t, Options{})
	p := listJobs(t, e, nil)
	if p.CurrentPage != 1 || p.ShowSize != 50 || p.Total != 7 {
		t.Errorf("CurrentPage/ShowSize/Total = %d/%d/%d, want the documented defaults 1/50 and the fixture's 7 jobs", p.CurrentPage, p.ShowSize, p.Total)
	}
	if want := []string{"123456789012", "10000", "9004", "9003", "9002", "9001", "8888"}; !reflect.DeepEqual(p.ids(), want) {
		t.Errorf("ids = %v, want newest first %v", p.ids(), want)
	}
	job := p.Data[len(p.Data)-1]
	if string(job["Name"]) != `"web-frontends-2026"` || string(job["GmtCreate"]) != `"1772442900000"` || string(job["Del"]) != "0" {
		t.Errorf("job 8888 not listed as the fixture has it: %v", job)
	}
	for _, name := range []string{"Config", "CasContacts"} {
		if _, ok := job[name]; ok {
			t.Errorf("ListDeploymentJob lists %s, which only DescribeDeploymentJob answers", name)
		}
	}
}

func TestListDeploymentJobPagesAndFilters(t *testing.T) {
	e := newEnv(t, Options{})
	var all []string
	for page, want := range []int{3, 3, 1, 0} {
		p := listJobs(t, e, map[string]string{"CurrentPage": strconv.Itoa(page + 1), "ShowSize": "3"})
		if len(p.Data) != want || p.Total != 7 || p.CurrentPage != page+1 || p.ShowSize != 3 {
			t.Errorf("page %d: %d jobs, Total %d, CurrentPage %d, ShowSize %d; want %d jobs of 7", page+1, len(p.Data), p.Total, p.CurrentPage, p.ShowSize, want)
		}
		all = append(all, p.ids()...)
	}
	if len(all) != 7 {
		t.Errorf("pages together hold %v", all)
	}
	for _, tc := range []struct {
		query map[string]string
		want  []string
	}{
		{map[string]string{"Status": "error"}, []string{"9001"}},
		{map[string]string{"JobType": "user", "Status": "success"}, []string{"9003", "8888"}},
		{map[string]string{"JobType": "cloud"}, []string{"9002"}},
		{map[string]string{"Status": "nothing-has-this"}, nil},
	} {
		if p := listJobs(t, e, tc.query); !reflect.DeepEqual(p.ids(), tc.want) || p.Total != len(tc.want) {
			t.Errorf("%v: ids %v Total %d, want %v", tc.query, p.ids(), p.Total, tc.want)
		}
	}
}

// JobsChangePerPage: the view of page N depends only on N, so a listing
// can be replayed, and Total moves by the change per page.
func TestListDeploymentJobWhileJobsChange(t *testing.T) {
	for _, tc := range []struct {
		change       int
		page2, total string
	}{
		{2, "10000,9004,9003", "9"}, // two created at the head: page 2 repeats two jobs of page 1
		{-2, "9001,8888", "5"},      // the two newest deleted: 9003 and 9002 moved onto page 1, unseen
	} {
		t.Run(fmt.Sprint(tc.change), func(t *testing.T) {
			e := newEnv(t, Options{JobsChangePerPage: tc.change})
			p1 := listJobs(t, e, map[string]string{"ShowSize": "3"})
			if got := strings.Join(p1.ids(), ","); got != "123456789012,10000,9004" || p1.Total != 7 {
				t.Errorf("page 1 = %s (Total %d); it must see the fixture as it is", got, p1.Total)
			}
			p2 := listJobs(t, e, map[string]string{"ShowSize": "3", "CurrentPage": "2"})
			if got := strings.Join(p2.ids(), ","); got != tc.page2 || strconv.Itoa(p2.Total) != tc.total {
				t.Errorf("page 2 = %s (Total %d), want %s (Total %s)", got, p2.Total, tc.page2, tc.total)
			}
		})
	}
}

func TestDescribeDeploymentJob(t *testing.T) {
	e := newEnv(t, Options{})
	describe := func(job string) map[string]json.RawMessage {
		t.Helper()
		if _, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: "DescribeDeploymentJob", query: map[string]string{"JobId": job}}); err != nil {
			t.Fatalf("DescribeDeploymentJob %s: %v", job, err)
		}
		var answer map[string]json.RawMessage
		if err := json.Unmarshal(e.last(t).respBody, &answer); err != nil {
			t.Fatal(err)
		}
		return answer
	}
	got := describe("8888")
	if string(got["Id"]) != "8888" || string(got["Status"]) != `"success"` || len(got["RequestId"]) == 0 ||
		string(got["Config"]) != `"{\"shareCertIds\":[],\"certIds\":[11174100,11174101,11174102,11174104]}"` ||
		!strings.HasPrefix(string(got["CasContacts"]), `[{"Id":"3304",`) {
		t.Errorf("job 8888 = %s", e.last(t).respBody)
	}
	if got := describe("424242"); len(got) != 1 || got["RequestId"] == nil {
		t.Errorf("an unknown job should answer only a RequestId, got %s", e.last(t).respBody)
	}
	_, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: "DescribeDeploymentJob"})
	if status, code := refusedWith(t, err); status != 400 || code != "MissingJobId" {
		t.Errorf("no JobId: %d %s", status, code)
	}
}

func TestListDeploymentJobResource(t *testing.T) {
	e := newEnv(t, Options{})
	for _, tc := range []struct {
		job  string
		want int
	}{{"8888", 6}, {"9002", 3}, {"10000", 0}, {"424242", 0}} {
		job, want := tc.job, tc.want
		if _, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: "ListDeploymentJobResource", query: map[string]string{"JobId": job}}); err != nil {
			t.Fatalf("job %s: %v", job, err)
		}
		var a apiAnswer
		if err := json.Unmarshal(e.last(t).respBody, &a); err != nil || a.Data == nil || len(a.Data) != want {
			t.Errorf("job %s: want %d resources, got %s", job, want, e.last(t).respBody)
		}
	}
	if body := string(e.last(t).respBody); !strings.HasPrefix(body, `{"Data":[],"RequestId":"`) {
		t.Errorf("unknown job: %s", body)
	}
}

func TestPagingParametersRefused(t *testing.T) {
	e := newEnv(t, Options{})
	for _, q := range []map[string]string{{"ShowSize": "0"}, {"CurrentPage": "-1"}, {"CurrentPage": "two"}} {
		_, err := invoke(e.client(t, defaultClientConfig()), callSpec{action: "ListDeploymentJob", query: q})
		if status, code := refusedWith(t, err); status != 400 || code != "InvalidParameter" {
			t.Errorf("%v: %d %s, want 400 InvalidParameter", q, status, code)
		}
		checkErrorBody(t, e.last(t), "InvalidParameter")
	}
}

// TestDefaultFixtureDeploymentPicture keeps the sample account telling a
// coherent story as the emulator serves it: every resource carries nothing or
// a certificate of its own job, with that certificate's validity, and some
// expire within 30 days of now.
func TestDefaultFixtureDeploymentPicture(t *testing.T) {
	e := newEnv(t, Options{})
	today := e.srv.now()
	f := DefaultFixture()
	statuses, types := map[string]bool{}, map[string]bool{}
	for key := range f.Jobs {
		fields := f.jobFields(key)
		var job struct{ Name, Status, JobType string }
		raw, _ := json.Marshal(fields)
		if err := json.Unmarshal(raw, &job); err != nil || job.Name == "" {
			t.Errorf("job %s has no name or odd fields: %v", key, err)
		}
		statuses[job.Status], types[job.JobType] = true, true
	}
	for _, want := range []string{"pending", "editing", "scheduling", "processing", "error", "success", "cloud", "user", "trustee"} {
		if !statuses[want] && !types[want] {
			t.Errorf("no job is %s", want)
		}
	}
	expiring := 0
	for key := range f.Resources {
		certs, resources := e.served(key)
		ends := map[int64]string{0: ""} // a resource that carries nothing
		for _, raw := range certs {
			var c struct{ CertId, NotAfterTime int64 }
			_ = json.Unmarshal(raw, &c)
			if c.CertId == 0 {
				continue // an order, not yet a certificate
			}
			ends[c.CertId] = strconv.FormatInt(c.NotAfterTime, 10)
		}
		for i, raw := range resources {
			var r struct {
				CertId      int64
				CertEndTime string
			}
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatal(err)
			}
			end, ok := ends[r.CertId]
			if !ok || end != r.CertEndTime {
				t.Errorf("job %s resource %d: certificate %d is not one of the job's, or ends %s not %s", key, i, r.CertId, r.CertEndTime, end)
			}
			ms, _ := strconv.ParseInt(r.CertEndTime, 10, 64)
			if at := time.UnixMilli(ms); at.After(today) && at.Before(today.AddDate(0, 0, 30)) {
				expiring++
			}
		}
	}
	if expiring < 2 {
		t.Errorf("%d resources carry a certificate expiring within 30 days of %s, want several", expiring, today.Format(time.DateOnly))
	}
}

func TestNewRefusesJobPartsOfNoJob(t *testing.T) {
	jobs := map[string][]json.RawMessage{"8888": {}}
	for name, f := range map[string]*Fixture{
		"fields of no job":    {Jobs: jobs, Details: map[string]json.RawMessage{"9001": json.RawMessage(`{}`)}},
		"resources of no job": {Jobs: jobs, Resources: map[string][]json.RawMessage{"9001": {}}},
		"fields not object":   {Jobs: jobs, Details: map[string]json.RawMessage{"8888": json.RawMessage(`"x"`)}},
	} {
		if _, err := New(Options{Fixture: f}); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}
