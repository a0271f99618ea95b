"""The Go runtime keeps docs/RUNTIME.md: each rule is a Go test (package core, so it reaches the
unexported backoff, Retry-After and sleep) run with ``go test`` on the rendered seed SDK; a
fake Transport counts what is sent, httptest servers stand for the network where net/http's
own behaviour is the point (redirects, timeouts). Plus the settings the runtime and README are
rendered from."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import toolchains
from helpers import ROOT, SEED, render_specs, require_tool, write_tree

from codegen.config import Config
from codegen.languages.go import GoSettings

RULES = r"""package core

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// reply is one answer of the fake transport: a status (0 with err: no reply came).
type reply struct {
	status int
	header http.Header
	body   string
	err    error
}

// fake answers with replies in order (the last one again when they run out) and records
// every request.
type fake struct {
	replies []reply
	sent    []http.Header
	methods []string
	urls    []string
}

func (f *fake) Send(
	ctx context.Context, method, url string, header http.Header, body []byte,
) (int, http.Header, []byte, error) {
	f.sent = append(f.sent, header)
	f.methods = append(f.methods, method)
	f.urls = append(f.urls, url)
	r := f.replies[min(len(f.sent), len(f.replies))-1]
	return r.status, r.header, []byte(r.body), r.err
}

// noSleep records the waits instead of waiting.
func noSleep(t *testing.T) *[]time.Duration {
	waits := &[]time.Duration{}
	saved := sleep
	sleep = func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return nil
	}
	t.Cleanup(func() { sleep = saved })
	return waits
}

func client(f Transport) *Client {
	api := NewClient("sk_test")
	api.BaseURL = "http://api.test"
	api.Transport = f
	return api
}

func get(path string) Request { return Request{Method: "GET", Path: path} }

func TestDefaults(t *testing.T) {
	api := NewClient("sk")
	if api.BaseURL != DefaultBaseURL || api.Timeout != 60*time.Second || *api.MaxRetries != 3 || api.ClientID != "" {
		t.Fatalf("NewClient: %+v", api)
	}
	if DefaultConnectTimeout != 10*time.Second || maxRetryAfter != 60*time.Second {
		t.Fatal("connect timeout or Retry-After cap")
	}
	// A struct literal gets the same defaults: 3 retries.
	f := &fake{replies: []reply{{status: 503}}}
	noSleep(t)
	_ = (&Client{APIKey: "sk", Transport: f}).Do(context.Background(), get("/x"), nil)
	if len(f.sent) != 4 {
		t.Fatalf("a Client literal sent %d requests, want 1 + 3 retries", len(f.sent))
	}
}

func TestHeaders(t *testing.T) {
	f := &fake{replies: []reply{{status: 200, body: `{}`}}}
	err := client(f).Do(context.Background(), get("/x"), nil, WithHeader("X-Extra", "1"), WithIdempotencyKey("key-1"))
	if err != nil {
		t.Fatal(err)
	}
	h := f.sent[0]
	if h.Get("Authorization") != "Bearer sk_test" || h.Get("X-Extra") != "1" || h.Get("Idempotency-Key") != "key-1" {
		t.Fatalf("headers: %v", h)
	}
	agent := regexp.MustCompile(`^[a-z0-9._-]+/\d+\.\d+\.\d+ go/\S+$`)
	if !agent.MatchString(h.Get("User-Agent")) || h.Get("User-Agent") != UserAgent {
		t.Fatalf("User-Agent %q", h.Get("User-Agent"))
	}
	if !strings.HasPrefix(UserAgent, PackageName+"/"+Version+" go/") {
		t.Fatalf("User-Agent %q", UserAgent)
	}
}

func TestRetriesAGetAfterEachRetryableStatus(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503, 504} {
		waits := noSleep(t)
		f := &fake{replies: []reply{{status: status}, {status: 200, body: `{"id":"a"}`}}}
		var out struct{ ID string }
		if err := client(f).Do(context.Background(), get("/x"), &out); err != nil || out.ID != "a" {
			t.Fatalf("%d: %v %v", status, err, out)
		}
		if len(f.sent) != 2 || len(*waits) != 1 {
			t.Fatalf("%d: sent %d, waited %v", status, len(f.sent), *waits)
		}
	}
	for _, status := range []int{400, 401, 403, 404, 409, 422, 501, 505} {
		f := &fake{replies: []reply{{status: status}}}
		noSleep(t)
		if err := client(f).Do(context.Background(), get("/x"), nil); err == nil || len(f.sent) != 1 {
			t.Fatalf("%d was retried: sent %d", status, len(f.sent))
		}
	}
}

func TestRetryableMethods(t *testing.T) {
	methods := map[string]bool{
		"GET": true, "HEAD": true, "PUT": true, "DELETE": true, "OPTIONS": true, "POST": false, "PATCH": false,
	}
	for method, retried := range methods {
		noSleep(t)
		f := &fake{replies: []reply{{status: 503}}}
		err := client(f).Do(context.Background(), Request{Method: method, Path: "/x"}, nil)
		var server *ServerError
		if !errors.As(err, &server) {
			t.Fatalf("%s: %v", method, err)
		}
		want := 1
		if retried {
			want = 4
		}
		if len(f.sent) != want {
			t.Fatalf("%s: sent %d, want %d", method, len(f.sent), want)
		}
	}
}

func TestAnIdempotencyKeyMakesAPostRetryable(t *testing.T) {
	noSleep(t)
	f := &fake{replies: []reply{{status: 500}, {status: 200}}}
	post := Request{Method: "POST", Path: "/x"}
	if err := client(f).Do(context.Background(), post, nil, WithIdempotencyKey("k")); err != nil {
		t.Fatal(err)
	}
	if len(f.sent) != 2 || f.sent[0].Get("Idempotency-Key") != "k" || f.sent[1].Get("Idempotency-Key") != "k" {
		t.Fatalf("sent %v", f.sent)
	}
}

func TestAGeneratedIdempotencyKeyIsAUUIDv4ReusedByRetries(t *testing.T) {
	noSleep(t)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	f := &fake{replies: []reply{{status: 502}, {status: 502}, {status: 200}}}
	err := client(f).Do(context.Background(), Request{Method: "POST", Path: "/x"}, nil, WithGeneratedIdempotencyKey())
	if err != nil || len(f.sent) != 3 {
		t.Fatalf("%v, sent %d", err, len(f.sent))
	}
	key := f.sent[0].Get("Idempotency-Key")
	if !uuid.MatchString(key) || f.sent[1].Get("Idempotency-Key") != key || f.sent[2].Get("Idempotency-Key") != key {
		t.Fatalf("keys %q %q %q", key, f.sent[1].Get("Idempotency-Key"), f.sent[2].Get("Idempotency-Key"))
	}
	g := &fake{replies: []reply{{status: 200}}}
	_ = client(g).Do(context.Background(), Request{Method: "POST", Path: "/x"}, nil, WithGeneratedIdempotencyKey())
	if other := g.sent[0].Get("Idempotency-Key"); other == key || !uuid.MatchString(other) {
		t.Fatalf("a second call reused the key %q", other)
	}
	// A key given wins over a generated one.
	h := &fake{replies: []reply{{status: 200}}}
	post := Request{Method: "POST", Path: "/x"}
	_ = client(h).Do(context.Background(), post, nil, WithGeneratedIdempotencyKey(), WithIdempotencyKey("mine"))
	if h.sent[0].Get("Idempotency-Key") != "mine" {
		t.Fatalf("key %q", h.sent[0].Get("Idempotency-Key"))
	}
}

func TestMaxRetries(t *testing.T) {
	for retries, want := range map[int]int{0: 1, 1: 2, 5: 6} {
		noSleep(t)
		f := &fake{replies: []reply{{status: 429}}}
		api := client(f)
		api.MaxRetries = Ptr(retries)
		_ = api.Do(context.Background(), get("/x"), nil)
		if len(f.sent) != want {
			t.Fatalf("MaxRetries %d: sent %d, want %d", retries, len(f.sent), want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := map[string]time.Duration{
		"7": 7 * time.Second, "0": 0, " 2 ": 2 * time.Second,
		now.Add(30 * time.Second).Format(http.TimeFormat): 30 * time.Second,
		now.Add(-time.Hour).Format(http.TimeFormat):       0,
	}
	for value, want := range cases {
		got, ok := retryAfter(http.Header{"Retry-After": {value}}, now)
		if !ok || got != want {
			t.Fatalf("Retry-After %q: %v %v, want %v", value, got, ok, want)
		}
	}
	for _, value := range []string{"", "soon", "-3", "1.5"} {
		if _, ok := retryAfter(http.Header{"Retry-After": {value}}, now); ok {
			t.Fatalf("Retry-After %q parsed", value)
		}
	}
}

func TestTheWaitIsRetryAfterCappedElseBackoff(t *testing.T) {
	waits := noSleep(t)
	f := &fake{replies: []reply{
		{status: 429, header: http.Header{"Retry-After": {"3"}}},
		{status: 503, header: http.Header{"Retry-After": {"120"}}},
		{status: 503},
		{status: 200},
	}}
	if err := client(f).Do(context.Background(), get("/x"), nil); err != nil {
		t.Fatal(err)
	}
	w := *waits
	if len(w) != 3 || w[0] != 3*time.Second || w[1] != 60*time.Second {
		t.Fatalf("waits %v", w)
	}
	// The third wait is the backoff of retry number 3: 0.5 s * 2^2 = 2 s, scaled into [1 s, 2 s].
	if w[2] < time.Second || w[2] > 2*time.Second {
		t.Fatalf("backoff %v", w[2])
	}
}

func TestBackoff(t *testing.T) {
	ceilings := []time.Duration{
		500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 8 * time.Second, 8 * time.Second,
	}
	for attempt, ceiling := range ceilings {
		low, high := ceiling, time.Duration(0)
		for i := 0; i < 2000; i++ {
			d := backoff(attempt)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("backoff(%d) = %v, outside [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
			low, high = min(low, d), max(high, d)
		}
		if high-low < ceiling/4 {
			t.Fatalf("backoff(%d) is not jittered: %v..%v", attempt, low, high)
		}
	}
	if d := backoff(1000); d < 4*time.Second || d > 8*time.Second {
		t.Fatalf("backoff(1000) = %v", d)
	}
}

func TestConnectionFailures(t *testing.T) {
	noSleep(t)
	refused := errors.New("connection refused")
	f := &fake{replies: []reply{{err: refused}, {status: 200}}}
	if err := client(f).Do(context.Background(), get("/x"), nil); err != nil || len(f.sent) != 2 {
		t.Fatalf("a failed connection was not retried: %v, sent %d", err, len(f.sent))
	}
	// A reply that broke off is not retried, nor is a POST, nor after retries run out.
	g := &fake{replies: []reply{{status: 200, err: io.ErrUnexpectedEOF}}}
	err := client(g).Do(context.Background(), get("/x"), nil)
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(g.sent) != 1 {
		t.Fatalf("%v, sent %d", err, len(g.sent))
	}
	h := &fake{replies: []reply{{err: refused}}}
	err = client(h).Do(context.Background(), Request{Method: "POST", Path: "/x"}, nil)
	if !errors.Is(err, refused) || len(h.sent) != 1 {
		t.Fatalf("%v, sent %d", err, len(h.sent))
	}
	k := &fake{replies: []reply{{err: refused}}}
	if err := client(k).Do(context.Background(), get("/x"), nil); !errors.Is(err, refused) || len(k.sent) != 4 {
		t.Fatalf("%v, sent %d", err, len(k.sent))
	}
}

// stall answers no request before its context ends.
type stall struct{ sent int }

func (s *stall) Send(
	ctx context.Context, method, url string, header http.Header, body []byte,
) (int, http.Header, []byte, error) {
	s.sent++
	<-ctx.Done()
	return 0, nil, nil, ctx.Err()
}

func TestATimeoutIsItsOwnErrorAndNotRetried(t *testing.T) {
	noSleep(t)
	s := &stall{}
	api := client(s)
	api.Timeout = 50 * time.Millisecond
	start := time.Now()
	err := api.Do(context.Background(), get("/x"), nil)
	var timeout *TimeoutError
	var apiErr *APIError
	if !errors.As(err, &timeout) || errors.As(err, &apiErr) || !errors.Is(err, context.DeadlineExceeded) ||
		s.sent != 1 {
		t.Fatalf("%T %v, sent %d", err, err, s.sent)
	}
	if timeout.Limit != 50*time.Millisecond || time.Since(start) > 5*time.Second {
		t.Fatalf("limit %v after %v", timeout.Limit, time.Since(start))
	}
	// A call's own timeout wins over the client's.
	s2 := &stall{}
	err = client(s2).Do(context.Background(), get("/x"), nil, WithTimeout(20*time.Millisecond))
	if !errors.As(err, &timeout) || timeout.Limit != 20*time.Millisecond {
		t.Fatalf("%v", err)
	}
	// The caller's own cancellation is not a TimeoutError.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := client(&stall{}).Do(ctx, get("/x"), nil); errors.As(err, &timeout) || !errors.Is(err, context.Canceled) {
		t.Fatalf("%v", err)
	}
}

func TestTypedErrors(t *testing.T) {
	families := map[int]func(error) bool{
		400: func(err error) bool { var e *BadRequestError; return errors.As(err, &e) },
		401: func(err error) bool { var e *UnauthorizedError; return errors.As(err, &e) },
		403: func(err error) bool { var e *ForbiddenError; return errors.As(err, &e) },
		404: func(err error) bool { var e *NotFoundError; return errors.As(err, &e) },
		409: func(err error) bool { var e *ConflictError; return errors.As(err, &e) },
		422: func(err error) bool { var e *UnprocessableEntityError; return errors.As(err, &e) },
		429: func(err error) bool { var e *RateLimitError; return errors.As(err, &e) },
		500: func(err error) bool { var e *ServerError; return errors.As(err, &e) },
		503: func(err error) bool { var e *ServerError; return errors.As(err, &e) },
		599: func(err error) bool { var e *ServerError; return errors.As(err, &e) },
	}
	api := client(nil)
	api.MaxRetries = Ptr(0)
	for _, status := range []int{301, 302, 307, 308, 400, 401, 402, 403, 404, 405, 409, 410, 422, 429, 500, 503, 599} {
		header := http.Header{"X-Request-Id": {"req_1"}, "Location": {"http://elsewhere/x"}}
		api.Transport = &fake{replies: []reply{{status: status, header: header, body: `{"code":"c","message":"m"}`}}}
		err := api.Do(context.Background(), get("/x"), nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != status || apiErr.Code != "c" || apiErr.Message != "m" ||
			apiErr.RequestID != "req_1" || apiErr.Body != `{"code":"c","message":"m"}` {
			t.Fatalf("%d: %#v", status, err)
		}
		for other, is := range families {
			if want := other == status || (status >= 500 && other >= 500); is(err) != want {
				t.Fatalf("status %d: the family of %d matches: %v, want %v", status, other, is(err), want)
			}
		}
		if _, ok := families[status]; !ok {
			if _, plain := err.(*APIError); !plain {
				t.Fatalf("%d is %T, want the base *APIError", status, err)
			}
		}
		if status >= 300 && status < 400 && !strings.Contains(err.Error(), "http://elsewhere/x") {
			t.Fatalf("%d: the Location is not in %q", status, err.Error())
		}
	}
}

func TestErrorBodies(t *testing.T) {
	api := client(nil)
	api.MaxRetries = Ptr(0)
	for body, want := range map[string][2]string{
		`{"error":"invalid_grant","error_description":"Bad code"}`:       {"invalid_grant", "Bad code"},
		`{"code":"c","error":"e","message":"m","error_description":"d"}`: {"c", "m"},
		`<html><body><h1>502 Bad Gateway</h1></body></html>`:             {"", ""},
		``:                          {"", ""},
		`{"code":7,"message":null}`: {"", ""},
	} {
		api.Transport = &fake{replies: []reply{{status: 502, body: body}}}
		err := api.Do(context.Background(), get("/x"), nil)
		var server *ServerError
		if !errors.As(err, &server) || server.Code != want[0] || server.Message != want[1] || server.Body != body {
			t.Fatalf("%q: %#v", body, err)
		}
	}
	api.Transport = &fake{replies: []reply{{status: 429, header: http.Header{"Retry-After": {"7"}}}}}
	var limited *RateLimitError
	err := api.Do(context.Background(), get("/x"), nil)
	if !errors.As(err, &limited) || limited.RetryAfter == nil || *limited.RetryAfter != 7*time.Second {
		t.Fatalf("%v", err)
	}
	api.Transport = &fake{replies: []reply{{status: 429}}}
	if err := api.Do(context.Background(), get("/x"), nil); !errors.As(err, &limited) || limited.RetryAfter != nil {
		t.Fatalf("%v", err)
	}
}

func TestRefusedBeforeSending(t *testing.T) {
	refusals := []struct {
		what string
		api  func(*Client)
		req  Request
		opts []RequestOption
	}{
		{"empty path value", nil, get("/users/" + PathEscape("")), nil},
		{"dot path value", nil, get("/users/" + PathEscape(".") + "/roles"), nil},
		{"dot-dot path value", nil, get("/users/" + PathEscape("..")), nil},
		{"CR LF in the API key", func(c *Client) { c.APIKey = "sk\r\nX-Injected: yes" }, get("/x"), nil},
		{"NUL in the API key", func(c *Client) { c.APIKey = "sk\x00" }, get("/x"), nil},
		{"LF in an idempotency key", nil, get("/x"), []RequestOption{WithIdempotencyKey("k\n")}},
		{"CR in an extra header", nil, get("/x"), []RequestOption{WithHeader("X-Extra", "a\rb")}},
		{"a header name with a space", nil, get("/x"), []RequestOption{WithHeader("X Extra", "a")}},
		{"a header name with a colon", nil, get("/x"), []RequestOption{WithHeader("X-Extra:", "a")}},
		{"an empty header name", nil, get("/x"), []RequestOption{WithHeader("", "a")}},
	}
	for _, r := range refusals {
		f := &fake{replies: []reply{{status: 200}}}
		api := client(f)
		if r.api != nil {
			r.api(api)
		}
		err := api.Do(context.Background(), r.req, nil, r.opts...)
		if !errors.Is(err, ErrInvalidArgument) || len(f.sent) != 0 {
			t.Fatalf("%s: %v, sent %d", r.what, err, len(f.sent))
		}
		if strings.ContainsAny(err.Error(), "\r\n") || strings.Contains(err.Error(), "X-Injected") {
			t.Fatalf("%s: the message repeats the value: %q", r.what, err.Error())
		}
	}
	saved := UserAgent
	UserAgent = "sdk/1.0.0\r\nX-Injected: yes"
	f := &fake{replies: []reply{{status: 200}}}
	err := client(f).Do(context.Background(), get("/x"), nil)
	UserAgent = saved
	if !errors.Is(err, ErrInvalidArgument) || len(f.sent) != 0 {
		t.Fatalf("User-Agent: %v", err)
	}
	// Every other value is one escaped segment, and is sent.
	for _, value := range []string{"a", "..a", ".a.", "a/..", "%2e", " ", "~"} {
		f := &fake{replies: []reply{{status: 200}}}
		err := client(f).Do(context.Background(), get("/users/"+PathEscape(value)), nil)
		if err != nil || len(f.sent) != 1 {
			t.Fatalf("%q: %v", value, err)
		}
	}
}

func TestRedirectsAreNeverFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(200)
	}))
	defer other.Close()
	var sent atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		http.Redirect(w, r, other.URL+"/x", http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	for _, transport := range []Transport{HTTPTransport{}, HTTPTransport{Client: &http.Client{}}} {
		sent.Store(0)
		c := &Client{APIKey: "sk", BaseURL: api.URL, Transport: transport}
		err := c.Do(context.Background(), Request{Method: "DELETE", Path: "/x"}, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != 307 || !strings.Contains(err.Error(), other.URL) {
			t.Fatalf("%v", err)
		}
		if sent.Load() != 1 || elsewhere.Load() != 0 {
			t.Fatalf("sent %d, elsewhere %d", sent.Load(), elsewhere.Load())
		}
	}
}

func TestTheDefaultTransportTimesOut(t *testing.T) {
	done := make(chan struct{})
	var sent atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	defer close(done)
	c := &Client{APIKey: "sk", BaseURL: slow.URL, Timeout: 100 * time.Millisecond}
	err := c.Do(context.Background(), get("/x"), nil)
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || sent.Load() != 1 {
		t.Fatalf("%v, sent %d", err, sent.Load())
	}
}

func TestAURLIsBuiltAndNothingIsSent(t *testing.T) {
	f := &fake{replies: []reply{{status: 200}}}
	api := client(f)
	req := get("/sso/authorize")
	req.Query = url.Values{"state": {"a b&c"}, "client_id": {"client_1"}}
	built, err := api.URL(req)
	if err != nil || built != "http://api.test/sso/authorize?client_id=client_1&state=a+b%26c" || len(f.sent) != 0 {
		t.Fatalf("%q %v, sent %d", built, err, len(f.sent))
	}
	parsed, err := ParseURL(api.URL(req))
	if err != nil || parsed.Query().Get("state") != "a b&c" {
		t.Fatalf("%v %v", parsed, err)
	}
	if _, err := api.URL(get("/users/" + PathEscape(".."))); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("a path value '..' was not refused: %v", err)
	}
}

func TestACallRefusesASettingTheClientLacks(t *testing.T) {
	api := client(&fake{})
	err := api.Require("client_id")
	if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "ClientID") {
		t.Fatalf("no client id: %v", err)
	}
	api.ClientID = "client_1"
	if err := api.Require("client_id"); err != nil {
		t.Fatalf("%v", err)
	}
	if err := api.Require("api_key"); err != nil {
		t.Fatalf("%v", err)
	}
	api.APIKey = ""
	if err := api.Require("api_key"); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("no API key: %v", err)
	}
}

func TestHeaderParametersAreSentAndTheirIdempotencyKeyIsTheCalls(t *testing.T) {
	noSleep(t)
	f := &fake{replies: []reply{{status: 503}, {status: 200, body: `{}`}}}
	post := Request{Method: "POST", Path: "/x", Header: http.Header{"Idempotency-Key": {"doc-key"}, "X-Doc": {"1"}}}
	err := client(f).Do(context.Background(), post, nil, WithGeneratedIdempotencyKey())
	if err != nil || len(f.sent) != 2 {
		t.Fatalf("%v, sent %d: a POST with an idempotency key is retried", err, len(f.sent))
	}
	for _, header := range f.sent {
		key, doc, auth := header.Get("Idempotency-Key"), header.Get("X-Doc"), header.Get("Authorization")
		if key != "doc-key" || doc != "1" || auth != "Bearer sk_test" {
			t.Fatalf("%v", header)
		}
	}
	g := &fake{replies: []reply{{status: 200}}}
	_ = client(g).Do(context.Background(), post, nil, WithIdempotencyKey("mine"))
	if g.sent[0].Get("Idempotency-Key") != "mine" {
		t.Fatalf("the call's own key: %v", g.sent[0])
	}
}

func TestAnUnwrappedReplyIsItsOneKey(t *testing.T) {
	f := &fake{replies: []reply{{status: 200, body: `{"link":"https://x.test/y"}`}}}
	var link string
	req := Request{Method: "POST", Path: "/portal/generate_link", Unwrap: "link"}
	if err := client(f).Do(context.Background(), req, &link); err != nil || link != "https://x.test/y" {
		t.Fatalf("%q %v", link, err)
	}
}
"""

TESTS = re.findall(r"^func (Test\w+)\(", RULES, re.MULTILINE)


@pytest.fixture(scope="module")
def go_test(tmp_path_factory: pytest.TempPathFactory) -> str:
    """``go test -v`` of the rules over the rendered seed SDK's runtime: its output."""
    go = require_tool("go")
    files, diags = render_specs(SEED, "go")
    assert not diags.errors
    tree = write_tree({**files, "core/zz_rules_test.go": RULES}, tmp_path_factory.mktemp("go-runtime"))
    done = subprocess.run(
        [go, "test", "-count=1", "-v", "./core/"],
        cwd=tree,
        env=toolchains.go_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.stdout + done.stderr


@pytest.mark.parametrize("name", TESTS)
def test_runtime_rule(go_test: str, name: str) -> None:
    assert f"--- PASS: {name} " in go_test, go_test[-6000:]


def test_every_rule_ran(go_test: str) -> None:
    assert len(TESTS) >= 15
    assert re.findall(r"^--- (?:PASS|FAIL): (\w+)", go_test, re.MULTILINE) == TESTS, go_test[-3000:]


def test_package_settings_name_the_user_agent_and_readme() -> None:
    settings = GoSettings(
        module="github.com/acme/acme-go",
        package_name="acme-sdk",
        version="2.3.4",
        description="The Acme API",
        license="Apache-2.0",
        repository="https://github.com/acme/acme-go",
        author="Acme",
    )
    files, diags = render_specs(SEED, "go", Config(root=ROOT, settings={"go": settings}))
    assert not diags.errors
    runtime = files["core/core.go"]
    assert 'PackageName = "acme-sdk"' in runtime
    assert 'Version     = "2.3.4"' in runtime
    assert 'var UserAgent = PackageName + "/" + Version + " go/" + goVersion()' in runtime
    readme = files["README.md"]
    assert readme.startswith("<!-- Code generated by codegen. DO NOT EDIT. -->\n\n# acme-sdk (Go)\n\nThe Acme API\n")
    for text in ("`github.com/acme/acme-go`", "| version | 2.3.4 |", "| license | Apache-2.0 |", "| author | Acme |"):
        assert text in readme
    assert "go get github.com/acme/acme-go@v2.3.4" in readme
    for name in ("APIKey:", "ClientID:", "BaseURL:", "Timeout:", "MaxRetries:", "Transport:"):
        assert f"\t{name} " in readme, name
    for name in ("WithIdempotencyKey", "WithHeader", "WithTimeout", "WithGeneratedIdempotencyKey", "NotFoundError"):
        assert name in readme
    assert files["go.mod"] == "module github.com/acme/acme-go\n\ngo 1.24\n"


def test_the_default_package_name_is_the_module_s_last_element() -> None:
    files, _ = render_specs(SEED, "go", Config(root=ROOT, settings={"go": GoSettings(module="example.com/x/acme-go")}))
    assert 'PackageName = "acme-go"' in files["core/core.go"]
    assert files["README.md"].splitlines()[2] == "# acme-go (Go)"


def test_every_path_value_goes_through_path_escape(corpus_files: dict[str, dict[str, str]]) -> None:
    """The path refusal sees every value: no generated request path is built without PathEscape."""
    paths = [
        line
        for name, text in corpus_files["go"].items()
        if name.endswith("client.go")
        for line in text.splitlines()
        if "Request{Method:" in line
    ]
    assert len(paths) > 50
    for line in paths:
        path = line.split("Path: ", 1)[1]
        pieces = [p.strip() for p in path.removesuffix("}").split(" + ")]
        assert all(p.startswith(('"', "core.PathEscape(")) for p in pieces), line


def test_the_readme_is_the_same_whatever_the_docs(corpus_files: dict[str, dict[str, str]]) -> None:
    """The README is made of the settings only: a docs edit never changes it (so never makes it
    stale or in conflict where the SDK shares its folder with other files)."""
    seed, _ = render_specs(SEED, "go")
    assert seed["README.md"] == corpus_files["go"]["README.md"]


def test_readme_of_stub_bodies(tmp_path: Path) -> None:
    files, _ = render_specs(SEED, "go", Config(root=ROOT, settings={"go": GoSettings(bodies="stub")}))
    readme = files["README.md"]
    assert "stubs" in readme and "core.Client" not in readme
