// SPDX-License-Identifier: GPL-2.0
/*
 * CFI01 parallel flash (Intel/Sharp command set; the Common Flash
 * Interface query layout of JEDEC JESD68), the way QEMU's virt board has
 * it (hw/block/pflash_cfi01.c as the facts: bank width 4 made of two
 * x16 devices, 256 KiB erase blocks, IDs 0x89/0x18, a 2 KiB per-device
 * write buffer). Commands are the low byte of a write:
 *
 *   0xff read array    0x70 read status   0x50 clear status
 *   0x90 read ID       0x98 CFI query     0x10/0x40 word program
 *   0x20 + 0xd0 block erase               0xe8 buffered program
 *   0x60 + 0x01/0xd0 lock / unlock (accepted, nothing is locked)
 *
 * Program and erase finish at once (status bit 7, ready, is always set
 * afterwards) and reach the bank's file with pwrite before the guest
 * sees ready, so a variable store survives a host crash as well as the
 * firmware's own write ordering allows. A read-only bank reports
 * program (bit 4) or erase (bit 5) errors and changes nothing.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"
#include "pflash.h"
#include "snap_stream.h"

#define DEVICE_WIDTH		2	/* x16 parts */
#define NUM_DEVICES		(PFLASH_BANK_WIDTH / DEVICE_WIDTH)
#define WRITE_BUF_DEV		2048	/* bytes per device: CFI 0x2A = 11 */
#define WRITE_BUF_BANK		(WRITE_BUF_DEV * NUM_DEVICES)
#define CFI_LEN			0x40
#define MANUFACTURER_ID		0x89
#define DEVICE_ID		0x18

#define ST_READY		0x80
#define ST_ERASE_ERR		0x20
#define ST_PROG_ERR		0x10

enum {
	CMD_ARRAY = 0x00,	/* read array (0xff written) */
	CMD_PROGRAM = 0x10,
	CMD_ERASE = 0x20,
	CMD_PROGRAM_ALT = 0x40,
	CMD_CLEAR_STATUS = 0x50,
	CMD_LOCK = 0x60,
	CMD_STATUS = 0x70,
	CMD_ID = 0x90,
	CMD_QUERY = 0x98,
	CMD_CONFIRM = 0xd0,
	CMD_BUFFERED = 0xe8,
	CMD_AMD_RESET = 0xf0,
	CMD_READ_ARRAY = 0xff,
};

/* Where a buffered program is: count, then data words, then confirm. */
enum wstate { W_IDLE, W_ARG, W_BUF_DATA, W_BUF_CONFIRM };

struct pflash {
	pthread_mutex_t lock;
	uint8_t *storage;		/* PFLASH_BANK_SIZE bytes */
	int fd;
	bool readonly;
	uint8_t cmd;
	uint8_t status;
	enum wstate wstate;
	uint32_t remaining;		/* buffered program: data writes left */
	uint64_t buf_base;		/* its write buffer's bank offset */
	bool buf_open;			/* buf_base set by the first data write */
	_Atomic bool array;
	uint8_t cfi[CFI_LEN];
	void (*changed)(void *opaque, uint64_t off, uint64_t len);
	void (*mode)(void *opaque, bool array);
	void *opaque;
};

/* The CFI query table of one x16 device (JESD68 / Intel AP-646 layout). */
static void pflash_fill_cfi(uint8_t *t)
{
	uint32_t blocks = PFLASH_BANK_SIZE / PFLASH_SECTOR_SIZE;
	uint32_t dev_sector = PFLASH_SECTOR_SIZE / NUM_DEVICES;

	memset(t, 0, CFI_LEN);
	t[0x10] = 'Q';
	t[0x11] = 'R';
	t[0x12] = 'Y';
	t[0x13] = 0x01;			/* primary command set: Intel/Sharp */
	t[0x15] = 0x31;			/* primary extended table at 0x31 */
	t[0x1b] = 0x45;			/* Vcc min 4.5 V */
	t[0x1c] = 0x55;			/* Vcc max 5.5 V */
	t[0x1f] = 0x07;			/* typical word program 2^7 us */
	t[0x20] = 0x07;			/* typical buffer write 2^7 us */
	t[0x21] = 0x0a;			/* typical block erase 2^10 ms */
	t[0x23] = 0x04;
	t[0x24] = 0x04;
	t[0x25] = 0x04;
	t[0x27] = (uint8_t)__builtin_ctzll(PFLASH_BANK_SIZE / NUM_DEVICES);
	t[0x28] = 0x02;			/* x8/x16 interface */
	t[0x2a] = (uint8_t)__builtin_ctz(WRITE_BUF_DEV);
	t[0x2c] = 0x01;			/* one uniform erase block region */
	t[0x2d] = (uint8_t)(blocks - 1);
	t[0x2e] = (uint8_t)((blocks - 1) >> 8);
	t[0x2f] = (uint8_t)(dev_sector >> 8);
	t[0x30] = (uint8_t)(dev_sector >> 16);
	t[0x31] = 'P';
	t[0x32] = 'R';
	t[0x33] = 'I';
	t[0x34] = '1';
	t[0x35] = '0';
	t[0x3f] = 0x01;			/* one protection field */
}

uint8_t *pflash_storage(struct pflash *fl)
{
	return fl->storage;
}

const _Atomic bool *pflash_array_flag(const struct pflash *fl)
{
	return &fl->array;
}

static void pflash_to_array(struct pflash *fl)
{
	fl->cmd = CMD_ARRAY;
	fl->wstate = W_IDLE;
	atomic_store_explicit(&fl->array, true, memory_order_release);
}

/* Tell the owner when an access moved the bank into or out of array mode. */
static void pflash_mode_notify(struct pflash *fl, bool was_array)
{
	bool now = atomic_load_explicit(&fl->array, memory_order_relaxed);

	if (now != was_array && fl->mode)
		fl->mode(fl->opaque, now);
}

void pflash_reset(struct pflash *fl)
{
	bool was;

	pthread_mutex_lock(&fl->lock);
	was = atomic_load_explicit(&fl->array, memory_order_relaxed);
	fl->status = ST_READY;
	pflash_to_array(fl);
	pflash_mode_notify(fl, was);
	pthread_mutex_unlock(&fl->lock);
}

/* One device's 16-bit answer, repeated for each device on the bus. */
static uint32_t pflash_replicate(uint32_t v)
{
	return (v & 0xffff) | (v & 0xffff) << 16;
}

/*
 * Query and ID addresses count in device words on the bus: bank offset
 * >> 2 (x32 bus) is the x16 device's own address (QEMU's boff).
 */
static uint32_t pflash_query_word(const struct pflash *fl, uint64_t off)
{
	uint64_t idx = off >> 2;

	return idx < CFI_LEN ? pflash_replicate(fl->cfi[idx]) : 0;
}

static uint32_t pflash_id_word(uint64_t off)
{
	switch ((off >> 2) & 0xff) {
	case 0:
		return pflash_replicate(MANUFACTURER_ID);
	case 1:
		return pflash_replicate(DEVICE_ID);
	default:
		return 0;	/* block lock status: nothing is locked */
	}
}

/* A 4-byte bus word in a non-array mode. */
static uint32_t pflash_mode_word(const struct pflash *fl, uint64_t off)
{
	switch (fl->cmd) {
	case CMD_ID:
		return pflash_id_word(off);
	case CMD_QUERY:
		return pflash_query_word(fl, off);
	default:
		return (uint32_t)fl->status << 16 | fl->status;
	}
}

static uint64_t pflash_mode_read(const struct pflash *fl, uint64_t off,
				 unsigned int size)
{
	uint64_t aligned = off & ~3ULL;
	uint64_t v = pflash_mode_word(fl, aligned);
	unsigned int shift = (unsigned int)(off & 3) * 8;

	if (size == 8)
		return v | (uint64_t)pflash_mode_word(fl, aligned + 4) << 32;
	v >>= shift;
	return size == 4 ? v : v & ((1ULL << (size * 8)) - 1);
}

static int pflash_read(void *opaque, uint64_t off, unsigned int size,
		       uint64_t *val)
{
	struct pflash *fl = opaque;

	if (off >= PFLASH_BANK_SIZE || size > PFLASH_BANK_SIZE - off)
		return -EINVAL;
	pthread_mutex_lock(&fl->lock);
	if (fl->cmd == CMD_ARRAY) {
		*val = 0;
		memcpy(val, fl->storage + off, size);
	} else {
		*val = pflash_mode_read(fl, off, size);
	}
	pthread_mutex_unlock(&fl->lock);
	return 0;
}

/* Write [off, off+len) of storage to the file, if the bank has one. */
static void pflash_commit(struct pflash *fl, uint64_t off, uint64_t len)
{
	uint64_t done = 0;
	ssize_t n;

	while (fl->fd >= 0 && done < len) {
		n = pwrite(fl->fd, fl->storage + off + done, len - done,
			   (off_t)(off + done));
		if (n <= 0) {
			/* The guest sees a program error; the host is told why. */
			log_printf(LOG_GUEST_ERRORS,
				   "pflash: cannot write back %llu bytes at 0x%llx: %s\n",
				   (unsigned long long)len, (unsigned long long)off,
				   n < 0 ? strerror(errno) : "short write");
			fl->status |= ST_PROG_ERR;
			break;
		}
		done += (uint64_t)n;
	}
	if (fl->changed)
		fl->changed(fl->opaque, off, len);
}

static void pflash_program(struct pflash *fl, uint64_t off, unsigned int size,
			   uint64_t val)
{
	if (fl->readonly) {
		fl->status |= ST_PROG_ERR;
		return;
	}
	memcpy(fl->storage + off, &val, size);
	pflash_commit(fl, off, size);
}

static void pflash_erase(struct pflash *fl, uint64_t off)
{
	uint64_t base = off & ~(PFLASH_SECTOR_SIZE - 1);

	if (fl->readonly) {
		fl->status |= ST_ERASE_ERR;
		return;
	}
	memset(fl->storage + base, 0xff, PFLASH_SECTOR_SIZE);
	pflash_commit(fl, base, PFLASH_SECTOR_SIZE);
}

static void pflash_bad_sequence(struct pflash *fl, uint64_t off, uint8_t cmd)
{
	if (log_enabled(LOG_UNIMP))
		log_printf(LOG_UNIMP,
			   "pflash: command 0x%02x after 0x%02x at 0x%llx not decoded\n",
			   cmd, fl->cmd, (unsigned long long)off);
	pflash_to_array(fl);
}

/* The first write of a command (read-array or a one-cycle mode). */
static void pflash_command(struct pflash *fl, uint64_t off, uint8_t cmd)
{
	switch (cmd) {
	case CMD_ARRAY:
	case CMD_READ_ARRAY:
	case CMD_AMD_RESET:
		pflash_to_array(fl);
		return;
	case CMD_CLEAR_STATUS:
		fl->status = ST_READY;
		pflash_to_array(fl);
		return;
	case CMD_STATUS:
	case CMD_ID:
	case CMD_QUERY:
		fl->cmd = cmd;
		return;
	case CMD_PROGRAM:
	case CMD_PROGRAM_ALT:
	case CMD_ERASE:
	case CMD_LOCK:
	case CMD_BUFFERED:
		fl->cmd = cmd;
		fl->wstate = W_ARG;
		fl->buf_open = false;
		fl->status |= ST_READY;
		return;
	default:
		pflash_bad_sequence(fl, off, cmd);
	}
}

/* The buffered program's word count: N - 1 device words (Intel 0xe8). */
static void pflash_buffer_count(struct pflash *fl, uint64_t off, uint64_t val)
{
	uint32_t count = (uint32_t)(val & 0xffff);

	if (count >= WRITE_BUF_BANK / PFLASH_BANK_WIDTH) {
		pflash_bad_sequence(fl, off, (uint8_t)val);
		return;
	}
	fl->remaining = count + 1;
	fl->wstate = W_BUF_DATA;
}

/* The second write of a two-cycle command. */
static void pflash_argument(struct pflash *fl, uint64_t off, unsigned int size,
			    uint64_t val)
{
	uint8_t cmd = (uint8_t)val;

	fl->wstate = W_IDLE;
	switch (fl->cmd) {
	case CMD_PROGRAM:
	case CMD_PROGRAM_ALT:
		pflash_program(fl, off, size, val);
		fl->cmd = CMD_STATUS;
		return;
	case CMD_ERASE:
		if (cmd == CMD_CONFIRM) {
			pflash_erase(fl, off);
			fl->cmd = CMD_STATUS;
			return;
		}
		break;
	case CMD_LOCK:
		if (cmd == CMD_CONFIRM || cmd == 0x01) {
			fl->cmd = CMD_STATUS;
			return;
		}
		break;
	case CMD_BUFFERED:
		pflash_buffer_count(fl, off, val);
		return;
	}
	if (cmd == CMD_READ_ARRAY)
		pflash_to_array(fl);
	else
		pflash_bad_sequence(fl, off, cmd);
}

/*
 * A data word of a buffered program. The first one places the write
 * buffer (aligned to its size); the 0xe8 and count writes only name the
 * block, and u-boot's cfi_flash writes them to the block's start while
 * its data goes further into the block (QEMU's pflash_cfi01 opens the
 * buffer at the first data write too). Every word must lie in it.
 */
static void pflash_buffer_data(struct pflash *fl, uint64_t off,
			       unsigned int size, uint64_t val)
{
	if (!fl->buf_open) {
		fl->buf_base = off & ~(uint64_t)(WRITE_BUF_BANK - 1);
		fl->buf_open = true;
	}
	if (off - fl->buf_base >= WRITE_BUF_BANK ||
	    size > WRITE_BUF_BANK - (off - fl->buf_base)) {
		fl->status |= ST_PROG_ERR;
		pflash_bad_sequence(fl, off, (uint8_t)val);
		return;
	}
	pflash_program(fl, off, size, val);
	if (--fl->remaining == 0)
		fl->wstate = W_BUF_CONFIRM;
}

static void pflash_buffer_confirm(struct pflash *fl, uint64_t off, uint8_t cmd)
{
	fl->wstate = W_IDLE;
	if (cmd == CMD_CONFIRM)
		fl->cmd = CMD_STATUS;
	else
		pflash_bad_sequence(fl, off, cmd);
}

static int pflash_write(void *opaque, uint64_t off, unsigned int size,
			uint64_t val)
{
	struct pflash *fl = opaque;
	bool was;

	if (off >= PFLASH_BANK_SIZE || size > PFLASH_BANK_SIZE - off)
		return -EINVAL;
	pthread_mutex_lock(&fl->lock);
	was = atomic_load_explicit(&fl->array, memory_order_relaxed);
	/* Any command takes the bank out of the ROM mapping first. */
	atomic_store_explicit(&fl->array, false, memory_order_release);
	switch (fl->wstate) {
	case W_IDLE:
		pflash_command(fl, off, (uint8_t)val);
		break;
	case W_ARG:
		pflash_argument(fl, off, size, val);
		break;
	case W_BUF_DATA:
		pflash_buffer_data(fl, off, size, val);
		break;
	case W_BUF_CONFIRM:
		pflash_buffer_confirm(fl, off, (uint8_t)val);
		break;
	}
	pflash_mode_notify(fl, was);
	pthread_mutex_unlock(&fl->lock);
	return 0;
}

const struct mmio_ops pflash_mmio_ops = {
	.read = pflash_read,
	.write = pflash_write,
};

static int pflash_load(struct pflash *fl, const struct pflash_opts *o,
		       struct av_err *err)
{
	uint64_t done = 0, len = o->file_size;
	ssize_t n;

	while (o->fd >= 0 && done < len) {
		n = pread(o->fd, fl->storage + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return av_errf_errno(err, errno, "cannot read the flash image");
		if (n == 0)
			return av_errf(err, EIO, "flash image shrank while being read");
		done += (uint64_t)n;
	}
	return 0;
}

struct pflash *pflash_create(const struct pflash_opts *o, struct av_err *err)
{
	struct pflash *fl;
	void *p;

	if (o->file_size > PFLASH_BANK_SIZE) {
		av_errf(err, EFBIG, "flash image is larger than %llu MiB",
			PFLASH_BANK_SIZE >> 20);
		return NULL;
	}
	fl = calloc(1, sizeof(*fl));
	if (!fl) {
		av_errf(err, ENOMEM, "out of memory for a flash bank");
		return NULL;
	}
	p = mmap(NULL, PFLASH_BANK_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		av_errf_errno(err, errno, "cannot allocate a flash bank");
		free(fl);
		return NULL;
	}
	fl->storage = p;
	/* A bank without a file reads 0, as QEMU's; a short image is padded. */
	if (o->fd >= 0)
		memset(fl->storage + o->file_size, 0xff,
		       PFLASH_BANK_SIZE - o->file_size);
	if (pflash_load(fl, o, err)) {
		munmap(p, PFLASH_BANK_SIZE);
		free(fl);
		return NULL;
	}
	pthread_mutex_init(&fl->lock, NULL);
	fl->fd = o->readonly ? -1 : o->fd;
	fl->readonly = o->readonly;
	fl->changed = o->changed;
	fl->mode = o->mode;
	fl->opaque = o->opaque;
	pflash_fill_cfi(fl->cfi);
	fl->status = ST_READY;
	pflash_to_array(fl);
	if (o->readonly && o->fd >= 0)
		close(o->fd);
	return fl;
}

void pflash_destroy(struct pflash *fl)
{
	if (!fl)
		return;
	if (fl->fd >= 0)
		close(fl->fd);
	munmap(fl->storage, PFLASH_BANK_SIZE);
	pthread_mutex_destroy(&fl->lock);
	free(fl);
}

/* ---- Snapshots (docs/snapshot.md, "Firmware") ---- */

#define SNAP_PAGE		4096u
#define SNAP_PAGES		(PFLASH_BANK_SIZE / SNAP_PAGE)

/*
 * The contents live only here when the bank has no file and may be
 * written (bank 1 beside -bios, where edk2 keeps its variables): a file
 * holds its own (as a disk image does), and a read-only bank is what
 * its file said (the CONF digest names the file).
 */
bool pflash_snap_has_contents(const struct pflash *fl)
{
	return fl->fd < 0 && !fl->readonly;
}

/* p is page aligned (the bank is an mmap): a word at a time. */
static bool pflash_page_zero(const uint8_t *p)
{
	const uint64_t *w = (const uint64_t *)p;

	for (unsigned int i = 0; i < SNAP_PAGE / 8; i++)
		if (w[i])
			return false;
	return true;
}

/* A bitmap of the pages that are not zero (what an empty bank reads), then those pages. */
static void pflash_snap_save_contents(const struct pflash *fl, struct snap_wbuf *w)
{
	uint8_t map[SNAP_PAGES / 8] = { 0 };

	for (uint64_t pg = 0; pg < SNAP_PAGES; pg++)
		if (!pflash_page_zero(fl->storage + pg * SNAP_PAGE))
			map[pg / 8] |= (uint8_t)(1u << (pg % 8));
	snap_put_bytes(w, map, sizeof(map));
	for (uint64_t pg = 0; pg < SNAP_PAGES; pg++)
		if (map[pg / 8] & (1u << (pg % 8)))
			snap_put_bytes(w, fl->storage + pg * SNAP_PAGE, SNAP_PAGE);
}

void pflash_snap_save(struct pflash *fl, struct snap_wbuf *w)
{
	pthread_mutex_lock(&fl->lock);
	snap_put_u8(w, fl->cmd);
	snap_put_u8(w, fl->status);
	snap_put_u8(w, (uint8_t)fl->wstate);
	snap_put_u8(w, atomic_load(&fl->array));
	snap_put_u32(w, fl->remaining);
	snap_put_u64(w, fl->buf_base);
	snap_put_u8(w, pflash_snap_has_contents(fl));
	if (pflash_snap_has_contents(fl))
		pflash_snap_save_contents(fl, w);
	pthread_mutex_unlock(&fl->lock);
}

static int pflash_snap_load_contents(struct pflash *fl, struct snap_rbuf *r,
				     struct av_err *err)
{
	uint8_t map[SNAP_PAGES / 8];

	snap_get_bytes(r, map, sizeof(map));
	if (r->bad)
		return av_errf(err, EINVAL, "snapshot: the flash bank's contents are truncated");
	/* Pages the record skips are zero: drop everything first (private anonymous memory). */
	if (madvise(fl->storage, PFLASH_BANK_SIZE, MADV_DONTNEED))
		memset(fl->storage, 0, PFLASH_BANK_SIZE);
	for (uint64_t pg = 0; pg < SNAP_PAGES && !r->bad; pg++)
		if (map[pg / 8] & (1u << (pg % 8)))
			snap_get_bytes(r, fl->storage + pg * SNAP_PAGE, SNAP_PAGE);
	if (r->bad)
		return av_errf(err, EINVAL, "snapshot: the flash bank's contents are truncated");
	if (fl->changed)
		fl->changed(fl->opaque, 0, PFLASH_BANK_SIZE);
	return 0;
}

/*
 * The command state, checked as the write paths keep it: a buffered
 * program's count within the write buffer and its buffer inside the
 * bank (pflash_buffer_count, pflash_argument); ready set in status.
 */
static bool pflash_snap_state_ok(uint8_t wstate, uint32_t remaining, uint64_t buf_base)
{
	return wstate <= W_BUF_CONFIRM && remaining <= WRITE_BUF_BANK / PFLASH_BANK_WIDTH &&
	       buf_base <= PFLASH_BANK_SIZE - WRITE_BUF_BANK && buf_base % WRITE_BUF_BANK == 0;
}

int pflash_snap_load(struct pflash *fl, struct snap_rbuf *r, struct av_err *err)
{
	uint8_t cmd = snap_get_u8(r), status = snap_get_u8(r), wstate = snap_get_u8(r);
	bool array = snap_get_u8(r);
	uint32_t remaining = snap_get_u32(r);
	uint64_t buf_base = snap_get_u64(r);
	bool contents = snap_get_u8(r), was;
	int ret = 0;

	if (r->bad || !pflash_snap_state_ok(wstate, remaining, buf_base))
		return av_errf(err, EINVAL, "snapshot: the flash bank's command state is malformed");
	if (contents != pflash_snap_has_contents(fl))
		return av_errf(err, EINVAL,
			       contents ? "snapshot: it has the contents of a flash bank "
					  "that has a file or is read-only here" :
					  "snapshot: it lacks the contents of a flash bank "
					  "that has no file here");
	pthread_mutex_lock(&fl->lock);
	was = atomic_load_explicit(&fl->array, memory_order_relaxed);
	if (contents)
		ret = pflash_snap_load_contents(fl, r, err);
	fl->cmd = cmd;
	fl->status = status | ST_READY;		/* operations finish at once */
	fl->wstate = (enum wstate)wstate;
	fl->remaining = remaining;
	fl->buf_base = buf_base;
	atomic_store_explicit(&fl->array, array && cmd == CMD_ARRAY && wstate == W_IDLE,
			      memory_order_release);
	/* Under KVM the bank is a memory slot only in array mode: follow it. */
	pflash_mode_notify(fl, was);
	pthread_mutex_unlock(&fl->lock);
	return ret;
}
