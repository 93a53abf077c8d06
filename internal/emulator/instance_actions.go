package emulator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The V2 issuance operations (reference §7.1-§7.7) and GetMatchedResources
// (§10.1), on the account's instances (instances.go).

// Answer shapes: field names and JSON types of the SDK models (3.2.13).
// Absent until meaningful: CertificateId and the other certificate fields
// before issuance, DomainValidationList when nothing is outstanding (never
// [], which callers would take for records).
type instanceRecord struct {
	InstanceID           string   `json:"InstanceId"`
	InstanceType         string   `json:"InstanceType"`
	Status               string   `json:"Status"`
	Brand                string   `json:"Brand"`
	Spec                 string   `json:"Spec"`
	CertificateType      string   `json:"CertificateType"`
	KeyAlgorithm         string   `json:"KeyAlgorithm,omitempty"`
	Domain               string   `json:"Domain,omitempty"`
	FullDomainCount      int      `json:"FullDomainCount"`
	WildcardDomainCount  int      `json:"WildcardDomainCount"`
	AutoReissue          string   `json:"AutoReissue,omitempty"`
	PendingResult        string   `json:"PendingResult,omitempty"`
	ResourceGroupID      string   `json:"ResourceGroupId,omitempty"`
	CertificateID        int64    `json:"CertificateId,omitempty"`
	CertificateName      string   `json:"CertificateName,omitempty"`
	CertIdentifier       string   `json:"CertIdentifier,omitempty"`
	CertificateStatus    string   `json:"CertificateStatus,omitempty"`
	CertificateDomain    string   `json:"CertificateDomain,omitempty"`
	CertificateNotBefore int64    `json:"CertificateNotBefore,omitempty"`
	CertificateNotAfter  int64    `json:"CertificateNotAfter,omitempty"`
	InstanceStartTime    int64    `json:"InstanceStartTime,omitempty"`
	InstanceEndTime      int64    `json:"InstanceEndTime,omitempty"`
	OrderStartTime       int64    `json:"OrderStartTime"`
	OrderEndTime         int64    `json:"OrderEndTime"`
	UsingProductList     []string `json:"UsingProductList,omitempty"`
}

type instanceDetail struct {
	instanceRecord
	UpgradeStatus        string            `json:"UpgradeStatus"`
	AverageWaitingTime   string            `json:"AverageWaitingTime"`
	GenerateCsrMethod    string            `json:"GenerateCsrMethod,omitempty"`
	Csr                  string            `json:"Csr,omitempty"`
	ValidationMethod     string            `json:"ValidationMethod,omitempty"`
	CountryCode          string            `json:"CountryCode,omitempty"`
	Province             string            `json:"Province,omitempty"`
	City                 string            `json:"City,omitempty"`
	CompanyID            int64             `json:"CompanyId,omitempty"`
	ContactIDList        []int64           `json:"ContactIdList,omitempty"`
	Tags                 []tagRecord       `json:"Tags,omitempty"`
	DomainValidationList []validationEntry `json:"DomainValidationList,omitempty"`
	RequestID            string            `json:"RequestId"`
}

type tagRecord struct {
	TagKey   string `json:"TagKey"`
	TagValue string `json:"TagValue"`
}

type validationEntry struct {
	Domain          string `json:"Domain"`
	RootDomain      string `json:"RootDomain"`
	ValidationType  string `json:"ValidationType"`
	ValidationKey   string `json:"ValidationKey"`
	ValidationValue string `json:"ValidationValue"`
}

func (a *account) instanceRecord(in *instance, now time.Time) instanceRecord {
	s := in.settings
	rec := instanceRecord{
		InstanceID: in.id, InstanceType: in.instanceType, Status: in.statusAt(now), Brand: in.brand, Spec: in.spec,
		CertificateType: in.certType, KeyAlgorithm: s.keyAlgorithm, Domain: s.domain, FullDomainCount: in.fullDomains,
		WildcardDomainCount: in.wildcardDomains, AutoReissue: s.autoReissue, PendingResult: in.pendingResult,
		ResourceGroupID: s.resourceGroupID, CertificateName: s.certificateName,
		OrderStartTime: ms(in.orderStart), OrderEndTime: ms(in.orderEnd),
	}
	if c := a.certificates[in.certID]; c != nil {
		rec.CertificateID, rec.CertIdentifier = c.id, strconv.FormatInt(c.id, 10)+"-cn-hangzhou"
		rec.CertificateStatus = map[string]string{"ISSUED": "issued", "WILLEXPIRED": "willExpire", "EXPIRED": "expired",
			"REVOKED": "revoked"}[c.state(now)]
		rec.CertificateDomain = strings.Join(c.sans, ",")
		rec.CertificateNotBefore, rec.CertificateNotAfter = ms(c.notBefore), ms(c.notAfter)
		rec.InstanceStartTime, rec.InstanceEndTime = ms(in.orderStart), ms(in.orderEnd)
		for _, id := range sortedKeys(a.resources) {
			if r := a.resources[id]; r.certID == c.id {
				rec.UsingProductList = appendNew(rec.UsingProductList, r.product)
			}
		}
	}
	return rec
}

func (a *account) instanceDetail(in *instance, now time.Time, requestID string) instanceDetail {
	s := in.settings
	d := instanceDetail{instanceRecord: a.instanceRecord(in, now), UpgradeStatus: "none", AverageWaitingTime: "120",
		GenerateCsrMethod: s.generateCsrMethod, Csr: s.csr, ValidationMethod: s.validationMethod,
		CountryCode: s.countryCode, Province: s.province, City: s.city, CompanyID: s.companyID,
		ContactIDList: slices.Clone(s.contactIDs), RequestID: requestID}
	for _, t := range s.tags {
		d.Tags = append(d.Tags, tagRecord{t.key, t.value})
	}
	if in.app != nil && !in.app.cancelled && !in.app.validated {
		for _, r := range in.app.records {
			d.DomainValidationList = append(d.DomainValidationList, validationEntry{r.domain, r.rootDomain, r.typ, r.key, r.value})
		}
	}
	return d
}

// instanceOf is the instance InstanceId names.
func (s *Server) instanceOf(c *call) (*instance, error) {
	id, err := c.required("InstanceId")
	if err != nil {
		return nil, err
	}
	in := s.account.instances[id]
	if in == nil {
		return nil, refInstanceNotFound.with(id)
	}
	return in, nil
}

func (s *Server) getInstanceDetail(c *call) (any, error) {
	now, unlock := s.lockAccount()
	defer unlock()
	in, err := s.instanceOf(c)
	if err != nil {
		return nil, err
	}
	return s.account.instanceDetail(in, now, c.requestID), nil
}

// listInstances serves the instances, filtered as documented; ShowSize
// defaults to 10, at most 100.
func (s *Server) listInstances(c *call) (any, error) {
	page, size, err := c.paging(defaultInstanceShowSize)
	if err != nil {
		return nil, err
	}
	if size > maxInstanceShowSize {
		return nil, invalid("ShowSize", fmt.Sprintf("%d is more than %d", size, maxInstanceShowSize))
	}
	p := c.params
	keyword := strings.ToLower(p.Get("Keyword"))
	now, unlock := s.lockAccount()
	defer unlock()
	records := []instanceRecord{}
	for _, id := range sortedKeys(s.account.instances) {
		rec := s.account.instanceRecord(s.account.instances[id], now)
		switch {
		case p.Get("Status") != "" && rec.Status != p.Get("Status"),
			p.Get("Brand") != "" && !strings.EqualFold(rec.Brand, p.Get("Brand")),
			p.Get("CertificateType") != "" && !strings.EqualFold(rec.CertificateType, p.Get("CertificateType")),
			p.Get("CertificateStatus") != "" && rec.CertificateStatus != p.Get("CertificateStatus"),
			p.Get("InstanceType") != "" && !strings.EqualFold(rec.InstanceType, p.Get("InstanceType")),
			p.Get("ResourceGroupId") != "" && rec.ResourceGroupID != p.Get("ResourceGroupId"),
			keyword != "" && !strings.Contains(strings.ToLower(rec.InstanceID+"\x00"+rec.Domain+"\x00"+rec.CertificateName+"\x00"+rec.CertificateDomain), keyword):
			continue
		}
		records = append(records, rec)
	}
	return struct {
		InstanceList []instanceRecord `json:"InstanceList"`
		CurrentPage  int              `json:"CurrentPage"`
		ShowSize     int              `json:"ShowSize"`
		TotalCount   int              `json:"TotalCount"`
		RequestID    string           `json:"RequestId"`
	}{pageOf(records, page, size), page, size, len(records), c.requestID}, nil
}

// Paging of ListInstances.
const (
	defaultInstanceShowSize = 10
	maxInstanceShowSize     = 100
)

// Values the settings take.
var (
	keyAlgorithms     = []string{"RSA_2048", "RSA_3072", "RSA_4096", "ECC_256", "SM2"}
	validationMethods = []string{"DNS", "HTTP"}
	csrMethods        = []string{"online", "upload"}
	reissueValues     = []string{"enable", "disable"}
)

// updateInstance changes the settings an application will submit: each
// parameter sent replaces the setting, one left out keeps it; Tags sent
// replace them all. Refused while an application is outstanding.
func (s *Server) updateInstance(c *call) (any, error) {
	now, unlock := s.lockAccount()
	defer unlock()
	in, err := s.instanceOf(c)
	if err != nil {
		return nil, err
	}
	if in.statusAt(now) == instancePending {
		return nil, refUpdateProtection.with(in.id)
	}
	set := in.settings
	p := c.params
	for name, field := range map[string]*string{"CertificateName": &set.certificateName, "Domain": &set.domain, "Csr": &set.csr,
		"CountryCode": &set.countryCode, "Province": &set.province, "City": &set.city, "ResourceGroupId": &set.resourceGroupID} {
		if p.Has(name) {
			*field = p.Get(name)
		}
	}
	for name, choice := range map[string]struct {
		field  *string
		values []string
	}{"KeyAlgorithm": {&set.keyAlgorithm, keyAlgorithms}, "ValidationMethod": {&set.validationMethod, validationMethods},
		"GenerateCsrMethod": {&set.generateCsrMethod, csrMethods}, "AutoReissue": {&set.autoReissue, reissueValues}} {
		if v := p.Get(name); v != "" {
			if !slices.Contains(choice.values, v) {
				return nil, invalid(name, fmt.Sprintf("%q is not one of %s", v, strings.Join(choice.values, ", ")))
			}
			*choice.field = v
		}
	}
	if set.keyAlgorithm == "SM2" {
		return nil, refUnsupported.with("KeyAlgorithm SM2")
	}
	if v := p.Get("CompanyId"); v != "" {
		id, ok := parsePositive(v)
		if !ok {
			return nil, invalid("CompanyId", fmt.Sprintf("%q is not a positive integer", v))
		}
		set.companyID = id
	}
	contacts, err := c.indexedIDs("ContactIdList")
	if err != nil {
		return nil, err
	}
	for _, id := range contacts {
		if s.account.contacts[id] == nil {
			return nil, refContactNotFound.with(id)
		}
	}
	if contacts != nil {
		set.contactIDs = contacts
	}
	if tags := c.indexedTags(); tags != nil {
		set.tags = tags
	}
	if err := checkNames(in, set); err != nil {
		return nil, err
	}
	in.settings = set
	return requestOnly{c.requestID}, nil
}

// checkNames refuses names the instance cannot certify: more than it was
// bought for, a CSR whose names differ from Domain, a wildcard by HTTP.
func checkNames(in *instance, set instanceSettings) error {
	if set.generateCsrMethod == "upload" {
		if set.csr == "" {
			return missing("Csr")
		}
		csr, err := parseCSR(set.csr)
		if err != nil {
			return err
		}
		if set.domain != "" && !strings.EqualFold(strings.SplitN(set.domain, ",", 2)[0], strings.TrimSpace(csr.Subject.CommonName)) {
			return refDomain.with(set.domain, fmt.Sprintf("the CSR is for %s; leave Domain out or give the CSR's common name", csr.Subject.CommonName))
		}
	}
	names, err := set.names()
	if err != nil {
		return err
	}
	full, wild := 0, 0
	for _, n := range names {
		if strings.HasPrefix(n, "*.") {
			wild++
		} else {
			full++
		}
		if !validName(n) {
			return refDomain.with(n, "it is not a domain name")
		}
		if strings.HasPrefix(n, "*.") && set.validationMethod == "HTTP" {
			return refDomain.with(n, "a wildcard name can only be validated by DNS")
		}
	}
	if full > in.fullDomains || wild > in.wildcardDomains {
		return refDomain.with(strings.Join(names, ","), fmt.Sprintf("instance %s certifies at most %d names and %d wildcard names",
			in.id, in.fullDomains, in.wildcardDomains))
	}
	return nil
}

func validName(n string) bool {
	n = strings.TrimPrefix(n, "*.")
	if !strings.Contains(n, ".") || len(n) > 253 {
		return false
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" || len(label) > 63 || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return false
		}
	}
	return true
}

// applyCertificate submits the instance's settings: the instance is pending
// and its validation records readable at once; each later step checks them
// (stepInstance).
func (s *Server) applyCertificate(c *call) (any, error) {
	now, unlock := s.lockAccount()
	defer unlock()
	in, err := s.instanceOf(c)
	if err != nil {
		return nil, err
	}
	switch status := in.statusAt(now); status {
	case instanceInactive, instanceNormal, instanceWillExpire:
	default:
		return nil, refStatusNotSupport.with(in.id, status, "ApplyCertificate")
	}
	set := in.settings
	names, err := set.names()
	switch {
	case err != nil:
		return nil, err
	case len(names) == 0:
		return nil, refIncomplete.with(in.id, "no Domain or Csr")
	case len(set.contactIDs) == 0:
		return nil, refIncomplete.with(in.id, "no contact in ContactIdList")
	case in.certType != "DV" && set.companyID == 0:
		return nil, refIncomplete.with(in.id, "no CompanyId, which "+in.certType+" certificates need")
	}
	in.applications++
	method := set.validationMethod
	if method == "" {
		method = "DNS"
	}
	in.app = &application{names: names, records: s.account.recordsFor(in, names, method), due: now.Add(s.account.step)}
	in.status, in.pendingResult = instancePending, "pending"
	return requestOnly{c.requestID}, nil
}

// cancelPendingCertificate withdraws the outstanding application: its
// records go at once, the instance stays pending one more step, then
// settles (normal if it holds a certificate, else inactive).
func (s *Server) cancelPendingCertificate(c *call) (any, error) {
	now, unlock := s.lockAccount()
	defer unlock()
	in, err := s.instanceOf(c)
	if err != nil {
		return nil, err
	}
	if in.app == nil || in.app.cancelled || in.app.validated {
		return nil, refStatusNotSupport.with(in.id, in.statusAt(now), "CancelPendingCertificate (nothing is outstanding)")
	}
	in.app.cancelled, in.app.due = true, now.Add(s.account.step)
	return requestOnly{c.requestID}, nil
}

// getMatchedResources answers the account's resources (of every cloud)
// whose domain a name of one of the certificates covers, not paged, at most
// maxMatchedResources. Data is a JSON array of ListCloudResources items.
func (s *Server) getMatchedResources(c *call) (any, error) {
	ids, err := c.idList("CertIds", true)
	if err != nil {
		return nil, err
	}
	limit := maxMatchedResources
	if v := c.params.Get("MaxResults"); v != "" {
		n, ok := parsePositive(v)
		if !ok || n > maxMatchedResources {
			return nil, invalid("MaxResults", fmt.Sprintf("%q is not from 1 to %d", v, maxMatchedResources))
		}
		limit = int(n)
	}
	_, unlock := s.lockAccount()
	defer unlock()
	var certs []*certificate
	for _, id := range ids {
		cert := s.account.certificates[id]
		if cert == nil {
			return nil, refCertificateNotFound.with(id)
		}
		certs = append(certs, cert)
	}
	matched := []resourceRecord{}
	for _, id := range sortedKeys(s.account.resources) {
		r := s.account.resources[id]
		if r.domain != "" && slices.ContainsFunc(certs, func(cert *certificate) bool { return cert.covers(r.domain) }) && len(matched) < limit {
			matched = append(matched, r.record())
		}
	}
	return struct {
		Data       []resourceRecord `json:"Data"`
		MaxResults int              `json:"MaxResults"`
		NextToken  string           `json:"NextToken"`
		RequestID  string           `json:"RequestId"`
	}{matched, limit, "", c.requestID}, nil
}

const maxMatchedResources = 2000

// indexedIDs reads a list sent flattened, as the SDKs send number[]:
// Name.1, Name.2, ...; nil when none is sent.
func (c *call) indexedIDs(name string) ([]int64, error) {
	var ids []int64
	for i := 1; ; i++ {
		key := name + "." + strconv.Itoa(i)
		if !c.params.Has(key) {
			return ids, nil
		}
		id, ok := parsePositive(c.params.Get(key))
		if !ok {
			return nil, invalid(key, fmt.Sprintf("%q is not a positive integer", c.params.Get(key)))
		}
		ids = appendNewID(ids, id)
	}
}

func appendNewID(ids []int64, id int64) []int64 {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// indexedTags reads Tags.N.TagKey and Tags.N.TagValue; nil when none is sent.
func (c *call) indexedTags() []instanceTag {
	var tags []instanceTag
	for i := 1; ; i++ {
		prefix := "Tags." + strconv.Itoa(i) + "."
		if !c.params.Has(prefix + "TagKey") {
			return tags
		}
		tags = append(tags, instanceTag{c.params.Get(prefix + "TagKey"), c.params.Get(prefix + "TagValue")})
	}
}
