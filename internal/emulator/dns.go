package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
)

// The emulator's stand-in for DNS, outside the CAS API: the zones the
// account hosts in Alibaba Cloud DNS (CAS validates names under them by
// itself) and the records published in any other zone, which CAS looks for
// when it validates an application. Tests publish with PublishDNSRecord; the
// demo and anyone else with an HTTP request:
//
//	POST /dns/records {"domain_name":"example.com","rr":"_dnsauth.www","type":"TXT","value":"2026..."}
//	GET  /dns/records  the records published and the zones hosted
//	DELETE /dns/records with the same body as POST (the value is not needed)
//
// The endpoint takes no signature: it stands for the DNS provider, not CAS.

// DefaultHostedZones are the zones the default account hosts: the
// certificates and resources of example.io are its own.
var DefaultHostedZones = []string{"example.io"}

// dnsPath is where the DNS endpoint is served.
const dnsPath = "/dns/records"

// DNSRecord is a record as a DNS provider takes it, and as the validation
// records of an application name it: DomainName the zone, RR the host
// record in it, Type TXT (or CNAME; HTTP for a file, DomainName then the
// host and RR the file's path), Value.
type DNSRecord struct {
	DomainName string `json:"domain_name"`
	RR         string `json:"rr"`
	Type       string `json:"type"`
	Value      string `json:"value"`
}

func (r DNSRecord) key() (dnsKey, error) {
	k := dnsKey{strings.ToLower(strings.TrimSuffix(strings.TrimSpace(r.DomainName), ".")), strings.TrimSpace(r.RR),
		strings.ToUpper(strings.TrimSpace(r.Type))}
	if k.typ != "HTTP" {
		k.rr = strings.ToLower(k.rr)
	}
	if k.zone == "" || k.rr == "" || k.typ == "" {
		return dnsKey{}, fmt.Errorf("a record needs domain_name, rr and type, got %+v", r)
	}
	return k, nil
}

// PublishDNSRecord publishes a record (replacing one of the same name and
// type), as a DNS provider would; CAS sees it at its next check.
func (s *Server) PublishDNSRecord(r DNSRecord) error {
	k, err := r.key()
	if err != nil {
		return err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	s.account.dns[k] = r.Value
	return nil
}

// serveDNS answers the DNS endpoint; false for any other path.
func (s *Server) serveDNS(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path != dnsPath {
		return false
	}
	fail := func(status int, err error) { http.Error(w, err.Error(), status) }
	switch r.Method {
	case http.MethodGet:
		_, unlock := s.lockAccount()
		list := struct {
			HostedZones []string    `json:"hosted_zones"`
			Records     []DNSRecord `json:"records"`
		}{slices.Clone(s.account.hostedZones), []DNSRecord{}}
		for k, v := range s.account.dns {
			list.Records = append(list.Records, DNSRecord{k.zone, k.rr, k.typ, v})
		}
		unlock()
		slices.SortFunc(list.Records, func(a, b DNSRecord) int {
			return strings.Compare(a.DomainName+" "+a.RR+" "+a.Type, b.DomainName+" "+b.RR+" "+b.Type)
		})
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(list)
	case http.MethodPost, http.MethodDelete:
		var rec DNSRecord
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err == nil {
			err = json.Unmarshal(body, &rec)
		}
		if err != nil {
			fail(http.StatusBadRequest, fmt.Errorf("want a JSON record {domain_name, rr, type, value}: %w", err))
			return true
		}
		if r.Method == http.MethodPost {
			err = s.PublishDNSRecord(rec)
		} else {
			err = s.deleteDNSRecord(rec)
		}
		if err != nil {
			fail(http.StatusBadRequest, err)
			return true
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, POST, DELETE")
		fail(http.StatusMethodNotAllowed, fmt.Errorf("%s %s: use GET, POST or DELETE", r.Method, dnsPath))
	}
	s.logger.Info("dns", "method", r.Method, "path", r.URL.Path)
	return true
}

func (s *Server) deleteDNSRecord(r DNSRecord) error {
	k, err := r.key()
	if err != nil {
		return err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	delete(s.account.dns, k)
	return nil
}
