// Package faults starts private PostgreSQL and Redis servers for the fault
// suite (faults_test.go) and breaks them on purpose: freeze (SIGSTOP),
// kill (SIGKILL), stop and start again. Each server is a child process of
// the test in its own process group, on its own port and data directory,
// so nothing here can touch the shared servers on 5432 and 6379.
package faults

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"mais/internal/testport"
)

// Postgres is a private PostgreSQL cluster.
type Postgres struct {
	tb   testing.TB
	bin  string
	dir  string // data directory
	port int
	cred *syscall.Credential // the postgres user when the test runs as root
	cmd  *exec.Cmd
	done chan struct{}
}

// PostgresBin finds the directory of initdb and postgres: $MAIS_PG_BIN, the
// newest /usr/lib/postgresql/*/bin (Debian), or the PATH.
func PostgresBin() (string, error) {
	if d := os.Getenv("MAIS_PG_BIN"); d != "" {
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			return d, nil
		}
	}
	p, err := exec.LookPath("postgres")
	if err != nil {
		return "", errors.New("no PostgreSQL server binaries (set MAIS_PG_BIN or install postgresql)")
	}
	return filepath.Dir(p), nil
}

func version(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

var template struct {
	once sync.Once
	dir  string
	err  error
}

// templateCluster runs initdb once per test binary; every Postgres starts
// from a copy of it (a copy takes a fraction of initdb's seconds).
func templateCluster(bin string, cred *syscall.Credential) (string, error) {
	template.once.Do(func() {
		base, err := privateDir("mais-faults-template-", cred)
		if err != nil {
			template.err = err
			return
		}
		dir := filepath.Join(base, "data")
		cmd := exec.Command(filepath.Join(bin, "initdb"), "-D", dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		cmd.Dir = base
		if out, err := cmd.CombinedOutput(); err != nil {
			template.err = fmt.Errorf("initdb: %v\n%s", err, out)
			return
		}
		template.dir = dir
	})
	return template.dir, template.err
}

// RemoveTemplate deletes the template cluster (TestMain calls it at the end).
func RemoveTemplate() {
	if template.dir != "" {
		os.RemoveAll(filepath.Dir(template.dir))
	}
}

// privateDir makes a directory the server's user owns, under a parent
// anyone may enter (a root test's temp dirs are 0700).
func privateDir(prefix string, cred *syscall.Credential) (string, error) {
	base, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", err
	}
	if err := os.Chmod(base, 0o755); err != nil {
		return "", err
	}
	if cred != nil {
		if err := os.Chown(base, int(cred.Uid), int(cred.Gid)); err != nil {
			return "", err
		}
	}
	return base, nil
}

// serverUser is the postgres account when running as root (PostgreSQL
// refuses to run as root), else nil: run as ourselves.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs a postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// StartPostgres starts a private cluster on a free port; it is killed and
// deleted when the test ends.
func StartPostgres(tb testing.TB) *Postgres {
	tb.Helper()
	bin, err := PostgresBin()
	if err != nil {
		tb.Fatal(err)
	}
	cred, err := serverUser()
	if err != nil {
		tb.Fatal(err)
	}
	tmpl, err := templateCluster(bin, cred)
	if err != nil {
		tb.Fatal(err)
	}
	base, err := privateDir("mais-faults-pg-", cred)
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(base, "data")
	cp := exec.Command("cp", "-a", tmpl, dir)
	if out, err := cp.CombinedOutput(); err != nil {
		tb.Fatalf("copy template cluster: %v\n%s", err, out)
	}
	p := &Postgres{tb: tb, bin: bin, dir: dir, port: FreePort(tb), cred: cred}
	tb.Cleanup(func() {
		p.Kill()
		os.RemoveAll(base)
	})
	p.Start()
	return p
}

// URL is the cluster's connection URL (database postgres, trust auth).
func (p *Postgres) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

// Start runs the server (again) and waits until it accepts queries.
func (p *Postgres) Start() {
	p.tb.Helper()
	// fsync=off survives a killed server (the kernel keeps the writes), not
	// a machine crash, which the suite never causes; commits stay
	// synchronous so a kill loses nothing that was answered.
	cmd := exec.Command(filepath.Join(p.bin, "postgres"), "-D", p.dir, "-p", strconv.Itoa(p.port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
		"-c", "full_page_writes=off", "-c", "max_connections=60",
		"-c", "shared_buffers=16MB", "-c", "log_min_messages=fatal")
	// Its own process group: Freeze and Kill reach the backends too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: p.cred}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		p.tb.Fatalf("start postgres: %v", err)
	}
	p.cmd, p.done = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); close(done) }(p.done)
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, p.URL())
		if err == nil {
			conn.Close(ctx)
			cancel()
			return
		}
		cancel()
		select {
		case <-p.done:
			p.tb.Fatalf("postgres exited at start: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			p.tb.Fatalf("postgres did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pids lists the postmaster and its children (backends, checkpointer, …).
// PostgreSQL puts each child in a session of its own, so signalling the
// postmaster's process group would miss them.
func (p *Postgres) pids() []int {
	if p.cmd == nil || p.cmd.Process == nil {
		return nil
	}
	root := p.cmd.Process.Pid
	out := []int{root}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		rest := string(b[bytes.LastIndexByte(b, ')')+1:])
		var state string
		var ppid int
		if _, err := fmt.Sscan(rest, &state, &ppid); err != nil || ppid != root || state == "Z" {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		out = append(out, pid)
	}
	return out
}

func (p *Postgres) signal(sig syscall.Signal) {
	for _, pid := range p.pids() {
		syscall.Kill(pid, sig)
	}
}

// Freeze stops every process of the cluster (SIGSTOP), the postmaster
// first so that it forks nothing meanwhile: connections are accepted by the
// kernel and then nothing answers, like a hung server.
func (p *Postgres) Freeze() { p.signal(syscall.SIGSTOP) }

// Thaw resumes a frozen cluster.
func (p *Postgres) Thaw() { p.signal(syscall.SIGCONT) }

// Kill crashes the cluster (SIGKILL to every process) and waits until no
// process of it is left, so that it can be started again.
func (p *Postgres) Kill() {
	if p.cmd == nil {
		return
	}
	pids := p.pids()
	for _, pid := range pids {
		syscall.Kill(pid, syscall.SIGKILL)
		syscall.Kill(pid, syscall.SIGCONT)
	}
	<-p.done
	for _, pid := range pids[1:] {
		for alive(pid) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	p.cmd = nil
}

// alive reports whether pid runs (a zombie does not count).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	rest := string(b[bytes.LastIndexByte(b, ')')+1:])
	var state string
	fmt.Sscan(rest, &state)
	return state != "Z"
}

// Stop shuts the cluster down (fast shutdown: sessions are disconnected)
// and waits for it.
func (p *Postgres) Stop() {
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		p.Kill()
	}
	p.cmd = nil
}

// FreePort returns a TCP port nothing listens on right now.
func FreePort(tb testing.TB) int {
	tb.Helper()
	return testport.Free(tb)
}
