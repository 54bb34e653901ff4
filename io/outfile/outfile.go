package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"
)

// Temporary files are named tempPrefix + destination + random + tempSuffix,
// so that Lock can tell them from the user's files.
const (
	tempPrefix = ".wfm-"
	tempSuffix = ".tmp"
	// maxTempBase caps the destination's share of a temporary's name, which
	// must stay within the 255 bytes most file systems allow.
	maxTempBase = 100
)

func isTemporary(name string) bool {
	return strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, tempSuffix)
}

// Write creates or replaces path with what write produces, as a Batch of
// one file.
func Write(path string, write func(w io.Writer) error) error {
	var b Batch
	defer b.Discard()
	if err := b.Add(path, write); err != nil {
		return err
	}
	return b.Commit()
}

// A Batch writes a set of files all or nothing. Add writes each file to a
// temporary next to its destination; Commit renames them all into place
// once every one is complete; Discard, after any failure, removes the
// temporaries and leaves every destination as it was. The zero Batch is
// empty and ready to use.
//
// A destination that is a symbolic link is written through: the file it
// points to is replaced and the link stays. A replaced file keeps its
// permissions; a new one is readable by all (0644).
type Batch struct {
	files []staged
}

// staged is a complete temporary waiting to be renamed to path.
type staged struct{ tmp, path string }

// Add writes what write produces to a temporary file for path. On failure
// it removes that temporary and returns the error; the files added before
// stay staged until Commit or Discard.
func (b *Batch) Add(path string, write func(w io.Writer) error) (err error) {
	dest, err := resolve(path)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	perm := fs.FileMode(0o644)
	switch fi, err := os.Stat(dest); {
	case err == nil && fi.IsDir():
		return fmt.Errorf("%s is a directory", path)
	case err == nil:
		perm = fi.Mode().Perm()
	}
	for _, f := range b.files {
		if f.path == dest {
			return fmt.Errorf("%s: written twice in one run", path)
		}
	}
	dir, base := filepath.Split(dest)
	tmp, err := os.CreateTemp(dir, tempPrefix+shorten(base)+".*"+tempSuffix)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	// CreateTemp makes the file private; outputs are ordinary documents.
	if err = os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	b.files = append(b.files, staged{tmp: tmp.Name(), path: dest})
	return nil
}

// Commit flushes every staged file to disk, then renames each over its
// destination, in the order added, and flushes the folders. A file that
// cannot be flushed (a full disk may only say so then) fails the batch
// before any rename. Renames within a folder are atomic and all the
// writing is done by then, so only a crash between two renames can leave
// some files of the batch new and others old.
func (b *Batch) Commit() error {
	if err := b.flush(); err != nil {
		b.Discard()
		return err
	}
	dirs := map[string]bool{}
	for i, f := range b.files {
		if err := os.Rename(f.tmp, f.path); err != nil {
			b.files = b.files[i:]
			b.Discard()
			return fmt.Errorf("cannot write %s: %w", f.path, err)
		}
		dirs[filepath.Dir(f.path)] = true
	}
	b.files = nil
	for dir := range dirs {
		syncDir(dir)
	}
	return nil
}

// flushers is how many files flush at once: a disk takes many flushes
// together about as fast as one, so a batch of thousands of small files
// (a calendar per agent) does not wait for each in turn.
const flushers = 32

// flush syncs the staged temporaries to disk, several at a time.
func (b *Batch) flush() error {
	errs := make([]error, len(b.files))
	var wg sync.WaitGroup
	slots := make(chan struct{}, flushers)
	for i, f := range b.files {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			errs[i] = syncFile(f.tmp)
			if errs[i] != nil {
				errs[i] = fmt.Errorf("cannot write %s: %w", f.path, errs[i])
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err // the first in the batch's order
		}
	}
	return nil
}

func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Discard removes the staged temporaries. It does nothing after Commit, so
// callers may defer it.
func (b *Batch) Discard() {
	for _, f := range b.files {
		os.Remove(f.tmp)
	}
	b.files = nil
}

// syncDir flushes dir's entries, so that the renames survive a power cut.
// Some systems cannot sync a folder; the files themselves are on disk.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// resolve follows path through symbolic links, dangling ones included, to
// the file to replace.
func resolve(path string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		target, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return "", errors.New("too many levels of symbolic links")
}

// shorten cuts name to at most maxTempBase bytes, on a character boundary.
func shorten(name string) string {
	if len(name) <= maxTempBase {
		return name
	}
	n := maxTempBase
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n]
}
