package emulator

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultJobStep is how long each automatic step of a deployment job takes
// when Options.JobStep is zero.
const DefaultJobStep = 2 * time.Second

// emulatorUserID is the account's UID, as job, worker and resource records show it.
const emulatorUserID int64 = 1666884372152785

// account is the typed state of one Alibaba Cloud account: what the write
// side changes. Jobs recorded in the fixture are not here: they are served
// as written (deployment_jobs.go), and only their deletion is remembered.
// Every method expects mu held; handlers take it for the whole call, after
// which advance has brought the jobs up to the current time.
type account struct {
	mu   sync.Mutex
	step time.Duration

	jobs         map[int64]*job
	certificates map[int64]*certificate
	resources    map[int64]*cloudResource
	contacts     map[int64]*contact
	cloudAccess  map[int64]*cloudAccess // stored keys of other clouds, by AccessId
	// deletedRecorded are fixture jobs deleted through the API.
	deletedRecorded map[int64]bool

	// Certificate instances (instances.go), the zones the account hosts in
	// Alibaba Cloud DNS and the records published through the emulator's
	// DNS endpoint, by zone, host record and type.
	instances        map[string]*instance
	hostedZones      []string
	dns              map[dnsKey]string
	validationChecks int

	nextJobID, nextWorkerID, nextCertID int64
	nextContactID, nextAccessID         int64
	nextIssuedCertID                    int64
}

// Job statuses [L5] and the extra ones of workers [L7].
const (
	statusEditing         = "editing"
	statusPending         = "pending"
	statusScheduling      = "scheduling"
	statusProcessing      = "processing"
	statusSuccess         = "success"
	statusError           = "error"
	statusRollback        = "rollback"
	statusRollbackSuccess = "rollback_success"
	statusRollbackError   = "rollback_error"
)

type job struct {
	id                                int64
	name, jobType, status, instanceID string
	certIDs, resourceIDs, contactIDs  []int64
	scheduleTime                      int64 // UNIX ms; 0: start as soon as pending
	created, modified, started, ended time.Time
	deleted, rolledBack               bool
	workers                           []*worker
	due                               time.Time // of the next automatic step; zero: none
}

// finished reports whether the job has reached success or error [L4].
func (j *job) finished() bool { return j.status == statusSuccess || j.status == statusError }

// worker deploys one certificate to one resource [L8].
type worker struct {
	id, certID, resourceID int64
	status                 string
	created, modified      time.Time
	due                    time.Time // of a rollback in progress
	// previous is what the resource carried before this worker deployed,
	// and deployed what it put there; rollback restores the one if the
	// resource still carries the other.
	previous, deployed binding
}

// binding is a certificate as a cloud resource carries it.
type binding struct {
	certID                     int64
	certName                   string
	certStartTime, certEndTime int64 // UNIX ms
}

type cloudResource struct {
	id                                   int64
	cloudName, product, region, domain   string
	instanceID, listenerID, listenerPort string
	defaultResource                      bool
	httpsEnabled                         bool
	status                               string
	created, modified                    time.Time
	binding
}

// hasListener reports whether the product has instances and listeners,
// the only ones whose records carry InstanceId, ListenerId and DefaultResource.
func (r *cloudResource) hasListener() bool {
	switch r.product {
	case "SLB", "NLB", "ALB", "GA":
		return true
	}
	return false
}

type contact struct {
	id                  int64
	name, email, mobile string
	emailVerified       bool
	mobileVerified      bool
	webhooks            []string
}

func newAccount(step time.Duration, seed accountSeed) *account {
	if step <= 0 {
		step = DefaultJobStep
	}
	a := &account{
		step:             step,
		jobs:             map[int64]*job{},
		certificates:     map[int64]*certificate{},
		resources:        map[int64]*cloudResource{},
		contacts:         map[int64]*contact{},
		cloudAccess:      map[int64]*cloudAccess{},
		deletedRecorded:  map[int64]bool{},
		nextJobID:        firstCreatedJobID,
		nextWorkerID:     firstWorkerID,
		nextCertID:       firstUploadedCertID,
		nextContactID:    firstContactID,
		nextAccessID:     firstCloudAccessID,
		instances:        map[string]*instance{},
		hostedZones:      slices.Clone(DefaultHostedZones),
		dns:              map[dnsKey]string{},
		validationChecks: DefaultValidationChecks,
		nextIssuedCertID: firstIssuedCertID,
	}
	for _, in := range seed.instances {
		a.instances[in.id] = in
	}
	for _, c := range seed.certificates {
		a.certificates[c.id] = c
	}
	for _, r := range seed.resources {
		a.resources[r.id] = r
	}
	for _, c := range seed.contacts {
		a.contacts[c.id] = c
	}
	return a
}

// First IDs the account hands out; a fixture's jobs keep their own, and
// created jobs skip any ID the fixture uses.
const (
	firstCreatedJobID   = 20000
	firstWorkerID       = 30000
	firstUploadedCertID = 13000000
)

// advance carries every job, rollback and certificate application through the automatic steps whose
// time has come by now, earliest first (ties by job, then worker), so that
// jobs deploying to the same resource take effect in the order they ran.
// Steps are taken when the account is looked at, by the emulator's clock:
// an injected clock drives them and nothing runs in the background.
func (a *account) advance(now time.Time) {
	for {
		var due time.Time
		var next func()
		earlier := func(t time.Time) bool { return !t.IsZero() && !t.After(now) && (next == nil || t.Before(due)) }
		for _, id := range sortedKeys(a.jobs) {
			j := a.jobs[id]
			if earlier(j.due) {
				due, next = j.due, func() { a.stepJob(j, j.due) }
			}
			for _, w := range j.workers {
				if w.status == statusRollback && earlier(w.due) {
					due, next = w.due, func() { a.finishRollback(w, w.due) }
				}
			}
		}
		for _, id := range sortedKeys(a.instances) {
			if in := a.instances[id]; in.app != nil && earlier(in.app.due) {
				due, next = in.app.due, func() { a.stepInstance(in, in.app.due) }
			}
		}
		if next == nil {
			return
		}
		next()
	}
}

// stepJob makes the job's next automatic transition, at time at:
// pending -> scheduling -> processing -> success | error.
func (a *account) stepJob(j *job, at time.Time) {
	switch j.status {
	case statusPending:
		j.setStatus(statusScheduling, at)
		j.due = at.Add(a.step)
	case statusScheduling:
		j.setStatus(statusProcessing, at)
		j.started = at
		j.due = at.Add(a.step)
	case statusProcessing:
		j.status = statusSuccess
		for _, w := range j.workers {
			if a.deploy(w, at) != statusSuccess {
				j.status = statusError
			}
		}
		j.modified, j.ended, j.due = at, at, time.Time{}
	default:
		j.due = time.Time{}
	}
}

// setStatus moves the job and the workers that mirror it.
func (j *job) setStatus(status string, at time.Time) {
	j.status, j.modified = status, at
	for _, w := range j.workers {
		w.status, w.modified = status, at
	}
}

// deploy runs one worker: it fails where the real service documents a
// prerequisite (HTTPS enabled on the resource; for another cloud's
// resource, a stored AccessKey of that cloud) or the certificate cannot
// serve (expired, revoked); otherwise the resource carries the certificate.
func (a *account) deploy(w *worker, at time.Time) string {
	w.modified = at
	r, c := a.resources[w.resourceID], a.certificates[w.certID]
	if r == nil || c == nil || !r.httpsEnabled || c.revoked || !c.notAfter.After(at) ||
		(r.cloudName != "aliyun" && !a.hasCloudAccess(r.cloudName)) {
		w.status = statusError
		return w.status
	}
	w.previous, w.deployed = r.binding, c.binding()
	r.binding, r.modified = w.deployed, at
	w.status = statusSuccess
	return w.status
}

// finishRollback restores what the resource carried before the worker, if
// nothing deployed over it since; otherwise the rollback fails.
func (a *account) finishRollback(w *worker, at time.Time) {
	w.modified, w.due = at, time.Time{}
	r := a.resources[w.resourceID]
	switch {
	case w.deployed.certID == 0: // the worker had failed: nothing to undo
		w.status = statusRollbackSuccess
	case r == nil || r.certID != w.deployed.certID:
		w.status = statusRollbackError
	default:
		r.binding, r.modified = w.previous, at
		w.status = statusRollbackSuccess
	}
}

// plan is the workers of a job: one per (certificate, resource) pair where
// the certificate covers the resource's domain, or every pair for a
// resource without a domain [L8].
func (a *account) plan(j *job, at time.Time) {
	j.workers = nil
	for _, rid := range j.resourceIDs {
		r := a.resources[rid]
		for _, cid := range j.certIDs {
			if c := a.certificates[cid]; r.domain == "" || c.covers(r.domain) {
				j.workers = append(j.workers, &worker{id: a.nextWorkerID, certID: cid, resourceID: rid,
					status: j.status, created: at, modified: at})
				a.nextWorkerID++
			}
		}
	}
}

// covers reports whether a certificate name matches a host as browsers
// match them: exactly, or "*." standing for exactly one leftmost label.
func covers(name, host string) bool {
	name, host = strings.ToLower(name), strings.ToLower(strings.TrimSuffix(host, "."))
	if rest, ok := strings.CutPrefix(name, "*."); ok {
		label, parent, found := strings.Cut(host, ".")
		return found && label != "" && parent == rest
	}
	return name == host
}

// unfinishedJobUsing is a job that has not finished and deploys the certificate, or nil.
func (a *account) unfinishedJobUsing(certID int64) *job {
	for _, id := range sortedKeys(a.jobs) {
		if j := a.jobs[id]; !j.deleted && !j.finished() && slices.Contains(j.certIDs, certID) {
			return j
		}
	}
	return nil
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

// ms is t as a UNIX time in milliseconds; zero for the zero time.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
