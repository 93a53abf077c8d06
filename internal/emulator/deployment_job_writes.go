package emulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The write side of deployment jobs, on the typed account (account.go):
// create, update, start, delete, watch, roll back. Jobs recorded in the
// fixture are served as written and refuse every write but delete.

// lockAccount takes the account for one call and brings its jobs up to now.
func (s *Server) lockAccount() (now time.Time, unlock func()) {
	s.account.mu.Lock()
	now = s.now()
	s.account.advance(now)
	return now, s.account.mu.Unlock
}

// recorded reports whether the fixture holds job id and it was not deleted.
func (s *Server) recorded(id int64) bool {
	_, ok := s.fixture.Jobs[strconv.FormatInt(id, 10)]
	return ok && !s.account.deletedRecorded[id]
}

// writableJob is a job of the account that is not deleted, or the refusal.
func (s *Server) writableJob(id int64) (*job, error) {
	if j := s.account.jobs[id]; j != nil && !j.deleted {
		return j, nil
	}
	if s.recorded(id) {
		return nil, refRecordedJob.with(id)
	}
	return nil, refJobNotFound.with(id)
}

// references checks that every certificate, resource and contact exists.
func (a *account) references(certIDs, resourceIDs, contactIDs []int64) error {
	for _, id := range certIDs {
		if a.certificates[id] == nil {
			return refCertificateNotFound.with(id)
		}
	}
	for _, id := range resourceIDs {
		if a.resources[id] == nil {
			return refResourceNotFound.with(id)
		}
	}
	for _, id := range contactIDs {
		if a.contacts[id] == nil {
			return refContactNotFound.with(id)
		}
	}
	return nil
}

// scheduleTime reads the optional ScheduleTime (UNIX ms), refusing one in the past.
func (c *call) scheduleTime(now time.Time) (int64, bool, error) {
	v := c.params.Get("ScheduleTime")
	if v == "" {
		return 0, false, nil
	}
	t, ok := parsePositive(v)
	if !ok {
		return 0, false, invalid("ScheduleTime", fmt.Sprintf("%q is not a UNIX time in milliseconds", v))
	}
	if t < now.UnixMilli() {
		return 0, false, refScheduleTime.with(t, now.UnixMilli())
	}
	return t, true, nil
}

func (s *Server) createDeploymentJob(c *call) (any, error) {
	name, err := c.required("Name")
	if err != nil {
		return nil, err
	}
	jobType, err := c.required("JobType")
	if err != nil {
		return nil, err
	}
	if jobType != "user" && jobType != "cloud" {
		return nil, refJobType.with(jobType)
	}
	certIDs, err := c.idList("CertIds", true)
	if err != nil {
		return nil, err
	}
	resourceIDs, err := c.idList("ResourceIds", true)
	if err != nil {
		return nil, err
	}
	contactIDs, err := c.idList("ContactIds", true)
	if err != nil {
		return nil, err
	}
	now, unlock := s.lockAccount()
	defer unlock()
	a := s.account
	if err := a.references(certIDs, resourceIDs, contactIDs); err != nil {
		return nil, err
	}
	schedule, _, err := c.scheduleTime(now)
	if err != nil {
		return nil, err
	}
	for s.fixture.Jobs[strconv.FormatInt(a.nextJobID, 10)] != nil {
		a.nextJobID++
	}
	j := &job{
		id: a.nextJobID, name: name, jobType: jobType, status: statusEditing,
		instanceID: fmt.Sprintf("cas-job-%s-%06x", jobType, a.nextJobID),
		certIDs:    certIDs, resourceIDs: resourceIDs, contactIDs: contactIDs,
		scheduleTime: schedule, created: now, modified: now,
	}
	a.nextJobID++
	a.plan(j, now)
	a.jobs[j.id] = j
	return struct {
		JobID     int64  `json:"JobId"`
		RequestID string `json:"RequestId"`
	}{j.id, c.requestID}, nil
}

func (s *Server) updateDeploymentJob(c *call) (any, error) {
	id, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	certIDs, err := c.idList("CertIds", false)
	if err != nil {
		return nil, err
	}
	resourceIDs, err := c.idList("ResourceIds", false)
	if err != nil {
		return nil, err
	}
	contactIDs, err := c.idList("ContactIds", false)
	if err != nil {
		return nil, err
	}
	now, unlock := s.lockAccount()
	defer unlock()
	j, err := s.writableJob(id)
	if err != nil {
		return nil, err
	}
	if j.status != statusEditing {
		return nil, refJobNotEditing.with(id, j.status)
	}
	if err := s.account.references(certIDs, resourceIDs, contactIDs); err != nil {
		return nil, err
	}
	schedule, scheduled, err := c.scheduleTime(now)
	if err != nil {
		return nil, err
	}
	if name := c.params.Get("Name"); name != "" {
		j.name = name
	}
	if scheduled {
		j.scheduleTime = schedule
	}
	if certIDs != nil {
		j.certIDs = certIDs
	}
	if resourceIDs != nil {
		j.resourceIDs = resourceIDs
	}
	if contactIDs != nil {
		j.contactIDs = contactIDs
	}
	if certIDs != nil || resourceIDs != nil {
		s.account.plan(j, now)
	}
	j.modified = now
	return requestOnly{c.requestID}, nil
}

// updateDeploymentJobStatus moves a job between editing, pending and
// scheduling [L1-L4]; from pending and scheduling it then runs by itself.
func (s *Server) updateDeploymentJobStatus(c *call) (any, error) {
	id, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	status, err := c.required("Status")
	if err != nil {
		return nil, err
	}
	if status != statusPending && status != statusScheduling && status != statusEditing {
		return nil, refStatus.with(status, "pending, scheduling or editing")
	}
	now, unlock := s.lockAccount()
	defer unlock()
	j, err := s.writableJob(id)
	if err != nil {
		return nil, err
	}
	switch {
	case j.finished():
		return nil, refJobFinished.with(id, j.status)
	case j.status == statusProcessing:
		return nil, refJobProcessing.with(id)
	}
	j.setStatus(status, now)
	switch status {
	case statusEditing:
		j.due = time.Time{}
	case statusPending:
		j.due = now.Add(s.account.step)
		if at := time.UnixMilli(j.scheduleTime); j.scheduleTime > 0 && at.After(j.due) {
			j.due = at
		}
	case statusScheduling:
		j.due = now.Add(s.account.step)
	}
	return dataAnswer{Data: []any{}, RequestID: c.requestID}, nil
}

// deleteDeploymentJob hides a job from ListDeploymentJob; DescribeDeploymentJob
// still answers it, with Del 1 [L6]. The resources keep their certificates.
func (s *Server) deleteDeploymentJob(c *call) (any, error) {
	id, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	now, unlock := s.lockAccount()
	defer unlock()
	if s.recorded(id) {
		var status string
		_ = json.Unmarshal(s.fixture.jobFields(strconv.FormatInt(id, 10))["Status"], &status)
		if status == statusProcessing {
			return nil, refJobProcessing.with(id)
		}
		s.account.deletedRecorded[id] = true
		return requestOnly{c.requestID}, nil
	}
	j := s.account.jobs[id]
	switch {
	case j == nil || j.deleted:
		return nil, refJobNotFound.with(id)
	case j.status == statusProcessing:
		return nil, refJobProcessing.with(id)
	}
	j.deleted, j.modified, j.due = true, now, time.Time{}
	return requestOnly{c.requestID}, nil
}

// describeDeploymentJobStatus counts the job's workers; a job with none
// (recorded in the fixture, or unknown) answers zeros.
func (s *Server) describeDeploymentJobStatus(c *call) (any, error) {
	id, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	type productCount struct {
		ProductName string `json:"ProductName"`
		Count       int    `json:"Count"`
	}
	out := struct {
		WorkerCount          int            `json:"WorkerCount"`
		SuccessCount         int            `json:"SuccessCount"`
		FailedCount          int            `json:"FailedCount"`
		RollbackCount        int            `json:"RollbackCount"`
		RollbackSuccessCount int            `json:"RollbackSuccessCount"`
		RollbackFailedCount  int            `json:"RollbackFailedCount"`
		MatchWorkerCount     int            `json:"MatchWorkerCount"`
		CertCount            int            `json:"CertCount"`
		ResourceCount        int            `json:"ResourceCount"`
		BuyCount             int            `json:"BuyCount"`
		UseCount             int            `json:"UseCount"`
		CostCount            int            `json:"CostCount"`
		ProductWorkerCount   []productCount `json:"ProductWorkerCount"`
		RequestID            string         `json:"RequestId"`
	}{ProductWorkerCount: []productCount{}, RequestID: c.requestID}
	j := s.account.jobs[id]
	if j == nil {
		return out, nil
	}
	out.WorkerCount, out.MatchWorkerCount = len(j.workers), len(j.workers)
	out.CertCount, out.ResourceCount = len(j.certIDs), len(j.resourceIDs)
	for _, w := range j.workers {
		switch w.status {
		case statusSuccess:
			out.SuccessCount++
		case statusError:
			out.FailedCount++
		case statusRollback:
			out.RollbackCount++
		case statusRollbackSuccess:
			out.RollbackCount++
			out.RollbackSuccessCount++
		case statusRollbackError:
			out.RollbackCount++
			out.RollbackFailedCount++
		}
		product := s.account.resources[w.resourceID].product
		if i := slices.IndexFunc(out.ProductWorkerCount, func(p productCount) bool { return p.ProductName == product }); i >= 0 {
			out.ProductWorkerCount[i].Count++
		} else {
			out.ProductWorkerCount = append(out.ProductWorkerCount, productCount{product, 1})
		}
	}
	return out, nil
}

// workerRecord is a worker as ListWorkerResource answers it.
type workerRecord struct {
	ID              int64  `json:"Id"`
	JobID           int64  `json:"JobId"`
	Status          string `json:"Status"`
	CertID          int64  `json:"CertId"`
	CertName        string `json:"CertName"`
	CertDomain      string `json:"CertDomain"`
	CertInstanceID  string `json:"CertInstanceId"`
	CloudProduct    string `json:"CloudProduct"`
	CloudName       string `json:"CloudName,omitempty"`   // not returned for Alibaba Cloud services
	CloudRegion     string `json:"CloudRegion,omitempty"` // likewise
	RegionID        string `json:"RegionId"`
	ResourceID      int64  `json:"ResourceId"`
	InstanceID      string `json:"InstanceId,omitempty"`
	ListenerID      string `json:"ListenerId,omitempty"`
	Port            int    `json:"Port,omitempty"`
	DefaultResource *bool  `json:"DefaultResource,omitempty"`
	ResourceCertID  int64  `json:"ResourceCertId,omitempty"`
	ResourceDomain  string `json:"ResourceDomain,omitempty"`
	GmtCreate       string `json:"GmtCreate"`
	GmtModified     string `json:"GmtModified"`
	UserID          int64  `json:"UserId"`
}

func (a *account) workerRecord(j *job, w *worker) workerRecord {
	c, r := a.certificates[w.certID], a.resources[w.resourceID]
	rec := workerRecord{
		ID: w.id, JobID: j.id, Status: w.status, CertID: w.certID,
		CloudProduct: r.product, RegionID: r.region, ResourceID: r.id,
		ResourceCertID: r.certID, ResourceDomain: r.domain,
		GmtCreate: msString(w.created), GmtModified: msString(w.modified), UserID: emulatorUserID,
	}
	if w.deployed.certID != 0 {
		rec.ResourceCertID = w.previous.certID
	}
	if c != nil { // deleted after the job finished
		rec.CertName, rec.CertDomain, rec.CertInstanceID = c.name, c.commonName, c.instanceID
	}
	if r.cloudName != "aliyun" {
		rec.CloudName, rec.CloudRegion = r.cloudName, r.region
	}
	if r.hasListener() {
		rec.InstanceID, rec.ListenerID = r.instanceID, r.listenerID
		rec.Port, _ = strconv.Atoi(r.listenerPort)
		rec.DefaultResource = &r.defaultResource
	}
	return rec
}

func (s *Server) listWorkerResource(c *call) (any, error) {
	id, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	page, size, err := c.paging(defaultWorkerShowSize)
	if err != nil {
		return nil, err
	}
	status, product := c.params.Get("Status"), c.params.Get("CloudProduct")
	_, unlock := s.lockAccount()
	defer unlock()
	records := []workerRecord{}
	if j := s.account.jobs[id]; j != nil {
		for _, w := range j.workers {
			rec := s.account.workerRecord(j, w)
			if (status == "" || rec.Status == status) && (product == "" || strings.EqualFold(rec.CloudProduct, product)) {
				records = append(records, rec)
			}
		}
	}
	return pageAnswer[workerRecord]{page, size, len(records), pageOf(records, page, size), c.requestID}, nil
}

// updateWorkerResourceStatus rolls one worker back [L10]: it goes to
// rollback, then by itself to rollback_success (the resource carries its
// previous certificate again) or rollback_error; the job's Rollback becomes 1.
func (s *Server) updateWorkerResourceStatus(c *call) (any, error) {
	jobID, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	workerID, err := c.positiveInt64("WorkerId")
	if err != nil {
		return nil, err
	}
	status, err := c.required("Status")
	if err != nil {
		return nil, err
	}
	if status != statusRollback {
		return nil, refStatus.with(status, "rollback")
	}
	return s.rollBackWorker(c, jobID, workerID)
}

// createRollbackTask is the newer way to roll a worker back (JobId,
// WorkerId): the same rollback as UpdateWorkerResourceStatus with Status
// rollback; its Data is the reference's sample, the JSON string "[]".
func (s *Server) createRollbackTask(c *call) (any, error) {
	jobID, err := c.positiveInt64("JobId")
	if err != nil {
		return nil, err
	}
	workerID, err := c.positiveInt64("WorkerId")
	if err != nil {
		return nil, err
	}
	if _, err := s.rollBackWorker(c, jobID, workerID); err != nil {
		return nil, err
	}
	return dataAnswer{Data: "[]", RequestID: c.requestID}, nil
}

// rollBackWorker starts the rollback of one worker of a finished job.
func (s *Server) rollBackWorker(c *call, jobID, workerID int64) (any, error) {
	now, unlock := s.lockAccount()
	defer unlock()
	j, err := s.writableJob(jobID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(j.workers, func(w *worker) bool { return w.id == workerID })
	if i < 0 {
		return nil, refWorkerNotFound.with(workerID, jobID)
	}
	w := j.workers[i]
	if !j.finished() || (w.status != statusSuccess && w.status != statusError) {
		return nil, refWorkerStatus.with(workerID, w.status)
	}
	w.status, w.modified, w.due = statusRollback, now, now.Add(s.account.step)
	j.rolledBack, j.modified = true, now
	return dataAnswer{Data: []any{}, RequestID: c.requestID}, nil
}
