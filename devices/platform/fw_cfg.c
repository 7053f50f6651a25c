// SPDX-License-Identifier: GPL-2.0
/*
 * fw_cfg, the memory-mapped variant with DMA (QEMU docs/specs/fw_cfg.rst,
 * facts only), at the offsets QEMU's virt maps it (hw/arm/virt.c
 * create_fw_cfg(): data at +0, 8 bytes wide; selector at +8; DMA address
 * at +16):
 *
 *  - the selector is a 16-bit big-endian register; bits 13:0 pick the
 *    item (bit 14, the old write channel, and bit 15, arch-local, pick
 *    nothing here), and selecting rewinds to the item's first byte;
 *  - a data read of N bytes returns the next N bytes of the item in
 *    string order (the register is big-endian: byte 0 lands at the
 *    lowest address), zeros past its end;
 *  - the DMA register reads "QEMU CFG"; writing it (one 64-bit write, or
 *    the high then the low 32 bits, big-endian) points the device at a
 *    FWCfgDmaAccess { be32 control; be32 length; be64 address } in guest
 *    RAM. control: bit 0 error, 1 read, 2 skip, 3 select (key in bits
 *    31:16), 4 write. The device does it at once and stores control back
 *    as 0, or with the error bit when anything failed.
 *
 * Everything the guest names is checked: the access structure and each
 * buffer must lie wholly in guest RAM, else the error bit (or nothing,
 * when not even the structure is in RAM). No item is writable, so a
 * write operation is an error, as for QEMU's read-only items.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fw_cfg.h"
#include "log.h"
#include "snap_stream.h"

#define FW_CFG_NITEMS		(FW_CFG_FILE_FIRST + FW_CFG_MAX_FILES)
#define FW_CFG_ENTRY_MASK	0x3fff
#define FW_CFG_ID_TRADITIONAL	0x01
#define FW_CFG_ID_DMA		0x02

#define REG_DATA		0x00
#define REG_SELECTOR		0x08
#define REG_DMA			0x10

#define DMA_CTL_ERROR		0x01
#define DMA_CTL_READ		0x02
#define DMA_CTL_SKIP		0x04
#define DMA_CTL_SELECT		0x08
#define DMA_CTL_WRITE		0x10
/* "QEMU CFG" read as a big-endian 64-bit value. */
#define DMA_SIGNATURE		0x51454d5520434647ULL
#define DMA_ACCESS_SIZE		16

struct fw_cfg_item {
	const uint8_t *data;
	size_t len;
	bool owned;
};

/* One entry of FW_CFG_FILE_DIR (fw_cfg.rst "File Directory"). */
struct fw_cfg_dirent {
	uint8_t size[4];		/* big-endian */
	uint8_t select[2];		/* big-endian */
	uint8_t reserved[2];
	char name[FW_CFG_NAME_MAX];
};

struct fw_cfg {
	pthread_mutex_t lock;
	struct fw_cfg_item items[FW_CFG_NITEMS];
	unsigned int nfiles;
	struct fw_cfg_dirent dir[FW_CFG_MAX_FILES];
	uint8_t dir_blob[4 + sizeof(struct fw_cfg_dirent) * FW_CFG_MAX_FILES];
	unsigned int cur;		/* selected item, FW_CFG_NITEMS: none */
	size_t offset;
	uint64_t dma_addr;		/* the high half written so far */
	struct guest_ram *ram;
	void (*written)(void *opaque, uint64_t gpa, uint64_t len);
	void *opaque;
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void fw_cfg_item_free(struct fw_cfg_item *it)
{
	if (it->owned)
		free((void *)it->data);
	memset(it, 0, sizeof(*it));
}

static int fw_cfg_set(struct fw_cfg *fc, unsigned int key, const void *data,
		      size_t len, bool copy, struct av_err *err)
{
	struct fw_cfg_item *it = &fc->items[key];
	void *p = NULL;

	if (len > UINT32_MAX)
		return av_errf(err, EFBIG, "fw_cfg item 0x%x is larger than 4 GiB", key);
	if (copy) {
		p = malloc(len ? len : 1);
		if (!p)
			return av_errf(err, ENOMEM, "out of memory for fw_cfg item 0x%x", key);
		memcpy(p, data, len);
	}
	pthread_mutex_lock(&fc->lock);
	fw_cfg_item_free(it);
	it->data = copy ? p : data;
	it->len = len;
	it->owned = copy;
	pthread_mutex_unlock(&fc->lock);
	return 0;
}

int fw_cfg_add_bytes(struct fw_cfg *fc, uint16_t key, const void *data,
		     size_t len, struct av_err *err)
{
	if (key >= FW_CFG_FILE_FIRST)
		return av_errf(err, EINVAL, "fw_cfg key 0x%x is a file's", key);
	return fw_cfg_set(fc, key, data, len, true, err);
}

int fw_cfg_add_bytes_ref(struct fw_cfg *fc, uint16_t key, const void *data,
			 size_t len, struct av_err *err)
{
	if (key >= FW_CFG_FILE_FIRST)
		return av_errf(err, EINVAL, "fw_cfg key 0x%x is a file's", key);
	return fw_cfg_set(fc, key, data, len, false, err);
}

/* Numbers are little-endian (fw_cfg.rst: "integers ... in little-endian"). */
int fw_cfg_add_u16(struct fw_cfg *fc, uint16_t key, uint16_t v, struct av_err *err)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	return fw_cfg_add_bytes(fc, key, b, sizeof(b), err);
}

int fw_cfg_add_u32(struct fw_cfg *fc, uint16_t key, uint32_t v, struct av_err *err)
{
	uint8_t b[4];

	for (unsigned int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return fw_cfg_add_bytes(fc, key, b, sizeof(b), err);
}

int fw_cfg_add_u64(struct fw_cfg *fc, uint16_t key, uint64_t v, struct av_err *err)
{
	uint8_t b[8];

	for (unsigned int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	return fw_cfg_add_bytes(fc, key, b, sizeof(b), err);
}

/* The directory item: a be32 count, then the entries (sorted by name, as QEMU). */
static void fw_cfg_build_dir(struct fw_cfg *fc)
{
	put_be32(fc->dir_blob, fc->nfiles);
	memcpy(fc->dir_blob + 4, fc->dir, sizeof(fc->dir[0]) * fc->nfiles);
	fc->items[FW_CFG_FILE_DIR].data = fc->dir_blob;
	fc->items[FW_CFG_FILE_DIR].len = 4 + sizeof(fc->dir[0]) * fc->nfiles;
	fc->items[FW_CFG_FILE_DIR].owned = false;
}

static int fw_cfg_check_name(const struct fw_cfg *fc, const char *name,
			     struct av_err *err)
{
	if (!name[0] || strlen(name) >= FW_CFG_NAME_MAX)
		return av_errf(err, EINVAL, "fw_cfg file name '%s' must have 1 to %d characters",
			       name, FW_CFG_NAME_MAX - 1);
	for (unsigned int i = 0; i < fc->nfiles; i++)
		if (!strcmp(fc->dir[i].name, name))
			return av_errf(err, EEXIST, "fw_cfg file '%s' exists already", name);
	if (fc->nfiles == FW_CFG_MAX_FILES)
		return av_errf(err, ENOSPC, "at most %d fw_cfg files", FW_CFG_MAX_FILES);
	return 0;
}

int fw_cfg_add_file(struct fw_cfg *fc, const char *name, const void *data,
		    size_t len, struct av_err *err)
{
	unsigned int key = FW_CFG_FILE_FIRST + fc->nfiles, pos;
	struct fw_cfg_dirent *e;
	int ret = fw_cfg_check_name(fc, name, err);

	if (!ret)
		ret = fw_cfg_set(fc, key, data, len, true, err);
	if (ret)
		return ret;
	pthread_mutex_lock(&fc->lock);
	/* Keep the directory sorted; keys stay in order of addition. */
	for (pos = fc->nfiles; pos > 0 && strcmp(fc->dir[pos - 1].name, name) > 0; pos--)
		fc->dir[pos] = fc->dir[pos - 1];
	e = &fc->dir[pos];
	memset(e, 0, sizeof(*e));
	put_be32(e->size, (uint32_t)len);
	e->select[0] = (uint8_t)(key >> 8);
	e->select[1] = (uint8_t)key;
	strcpy(e->name, name);
	fc->nfiles++;
	fw_cfg_build_dir(fc);
	pthread_mutex_unlock(&fc->lock);
	return 0;
}

static void fw_cfg_select(struct fw_cfg *fc, uint16_t key)
{
	key &= FW_CFG_ENTRY_MASK;
	fc->cur = key < FW_CFG_NITEMS ? key : FW_CFG_NITEMS;
	fc->offset = 0;
}

static const struct fw_cfg_item *fw_cfg_current(const struct fw_cfg *fc)
{
	return fc->cur < FW_CFG_NITEMS ? &fc->items[fc->cur] : NULL;
}

/* Up to n bytes from the item at the offset; the rest of buf is zero. */
static size_t fw_cfg_take(struct fw_cfg *fc, uint8_t *buf, size_t n)
{
	const struct fw_cfg_item *it = fw_cfg_current(fc);
	size_t avail = 0;

	if (it && it->data && fc->offset < it->len)
		avail = it->len - fc->offset;
	if (avail > n)
		avail = n;
	if (avail)
		memcpy(buf, it->data + fc->offset, avail);
	memset(buf + avail, 0, n - avail);
	fc->offset += avail;
	return avail;
}

static uint64_t fw_cfg_signature_read(uint64_t off, unsigned int size)
{
	uint64_t v = 0;
	uint8_t b[8];

	/* Big-endian register: byte i of the register is byte i in memory. */
	for (unsigned int i = 0; i < 8; i++)
		b[i] = (uint8_t)(DMA_SIGNATURE >> (56 - 8 * i));
	memcpy(&v, b + (off - REG_DMA), size);
	return v;
}

static int fw_cfg_read(void *opaque, uint64_t off, unsigned int size,
		       uint64_t *val)
{
	struct fw_cfg *fc = opaque;
	uint8_t buf[8];

	*val = 0;
	if (off < REG_SELECTOR && size <= REG_SELECTOR - off) {
		pthread_mutex_lock(&fc->lock);
		fw_cfg_take(fc, buf, size);
		pthread_mutex_unlock(&fc->lock);
		memcpy(val, buf, size);
		return 0;
	}
	if (off >= REG_DMA && off < FW_CFG_MMIO_SIZE &&
	    size <= FW_CFG_MMIO_SIZE - off) {
		*val = fw_cfg_signature_read(off, size);
		return 0;
	}
	/* The selector is write-only (QEMU reads it as 0). */
	return off == REG_SELECTOR && size == 2 ? 0 : -EINVAL;
}

static void fw_cfg_notify(struct fw_cfg *fc, uint64_t gpa, uint64_t len)
{
	if (fc->written && len)
		fc->written(fc->opaque, gpa, len);
}

/* One DMA transfer of len bytes to/from addr; false: it failed. */
static bool fw_cfg_dma_transfer(struct fw_cfg *fc, uint32_t control,
				uint64_t addr, uint32_t len)
{
	uint8_t *dst;
	size_t avail = 0;
	const struct fw_cfg_item *it = fw_cfg_current(fc);

	if (control & DMA_CTL_WRITE)
		return false;		/* no writable items */
	if (it && it->data && fc->offset < it->len)
		avail = it->len - fc->offset;
	if (control & DMA_CTL_SKIP) {
		fc->offset += avail < len ? avail : len;
		return true;
	}
	dst = guest_ram_ptr(fc->ram, addr, len);
	if (!dst)
		return false;
	fw_cfg_take(fc, dst, len);
	fw_cfg_notify(fc, addr, len);
	return true;
}

/* Run the FWCfgDmaAccess at gpa (fw_cfg.rst "DMA interface"). */
static void fw_cfg_dma(struct fw_cfg *fc, uint64_t gpa)
{
	uint8_t *acc = guest_ram_ptr(fc->ram, gpa, DMA_ACCESS_SIZE);
	uint32_t control, len;
	uint64_t addr;
	bool ok = true;

	if (!acc) {
		if (log_enabled(LOG_GUEST_ERRORS))
			log_printf(LOG_GUEST_ERRORS,
				   "fw_cfg: DMA access structure at 0x%llx is not in RAM\n",
				   (unsigned long long)gpa);
		return;
	}
	control = get_be32(acc);
	len = get_be32(acc + 4);
	addr = (uint64_t)get_be32(acc + 8) << 32 | get_be32(acc + 12);
	if (control & DMA_CTL_SELECT)
		fw_cfg_select(fc, (uint16_t)(control >> 16));
	if (control & (DMA_CTL_READ | DMA_CTL_SKIP | DMA_CTL_WRITE))
		ok = fw_cfg_dma_transfer(fc, control, addr, len);
	put_be32(acc, ok ? 0 : DMA_CTL_ERROR);
	fw_cfg_notify(fc, gpa, 4);
}

static uint64_t bswap_n(uint64_t v, unsigned int size)
{
	return size == 8 ? __builtin_bswap64(v) :
	       size == 4 ? __builtin_bswap32((uint32_t)v) :
	       size == 2 ? __builtin_bswap16((uint16_t)v) : v;
}

static int fw_cfg_write(void *opaque, uint64_t off, unsigned int size,
			uint64_t val)
{
	struct fw_cfg *fc = opaque;
	uint64_t v = bswap_n(val, size);	/* big-endian registers */

	pthread_mutex_lock(&fc->lock);
	if (off == REG_SELECTOR && size == 2) {
		fw_cfg_select(fc, (uint16_t)v);
	} else if (off == REG_DMA && size == 8) {
		fw_cfg_dma(fc, v);
	} else if (off == REG_DMA && size == 4) {
		fc->dma_addr = v << 32;
	} else if (off == REG_DMA + 4 && size == 4) {
		fw_cfg_dma(fc, fc->dma_addr | (uint32_t)v);
		fc->dma_addr = 0;
	} else if (off >= REG_SELECTOR) {
		pthread_mutex_unlock(&fc->lock);
		return -EINVAL;
	}
	/* Data register writes are ignored (fw_cfg.rst: since QEMU 2.4). */
	pthread_mutex_unlock(&fc->lock);
	return 0;
}

const struct mmio_ops fw_cfg_mmio_ops = {
	.read = fw_cfg_read,
	.write = fw_cfg_write,
};

void fw_cfg_reset(struct fw_cfg *fc)
{
	pthread_mutex_lock(&fc->lock);
	fc->cur = FW_CFG_NITEMS;
	fc->offset = 0;
	fc->dma_addr = 0;
	pthread_mutex_unlock(&fc->lock);
}

struct fw_cfg *fw_cfg_create(struct guest_ram *ram,
			     void (*written)(void *opaque, uint64_t gpa, uint64_t len),
			     void *opaque, struct av_err *err)
{
	struct fw_cfg *fc = calloc(1, sizeof(*fc));
	uint8_t id[4] = { FW_CFG_ID_TRADITIONAL | FW_CFG_ID_DMA, 0, 0, 0 };
	int ret;

	if (!fc) {
		av_errf(err, ENOMEM, "out of memory for fw_cfg");
		return NULL;
	}
	pthread_mutex_init(&fc->lock, NULL);
	fc->ram = ram;
	fc->written = written;
	fc->opaque = opaque;
	fc->cur = FW_CFG_NITEMS;
	fw_cfg_build_dir(fc);
	ret = fw_cfg_add_bytes(fc, FW_CFG_SIGNATURE, "QEMU", 4, err);
	if (!ret)
		ret = fw_cfg_add_bytes(fc, FW_CFG_ID, id, sizeof(id), err);
	if (ret) {
		fw_cfg_destroy(fc);
		return NULL;
	}
	return fc;
}

void fw_cfg_destroy(struct fw_cfg *fc)
{
	if (!fc)
		return;
	for (unsigned int i = 0; i < FW_CFG_NITEMS; i++)
		fw_cfg_item_free(&fc->items[i]);
	pthread_mutex_destroy(&fc->lock);
	free(fc);
}

/* ---- Snapshots (docs/snapshot.md, "Firmware") ---- */

void fw_cfg_snap_save(struct fw_cfg *fc, struct snap_wbuf *w)
{
	pthread_mutex_lock(&fc->lock);
	snap_put_u32(w, fc->cur);
	snap_put_u64(w, fc->offset);
	snap_put_u64(w, fc->dma_addr);
	pthread_mutex_unlock(&fc->lock);
}

/*
 * The selector names an item of this device or none (FW_CFG_NITEMS);
 * the offset lies within the item (reads past its end give zeros, but
 * a bigger offset was never reachable); the DMA address register holds
 * only a high half between the two writes (fw_cfg.rst, "DMA interface").
 */
int fw_cfg_snap_load(struct fw_cfg *fc, struct snap_rbuf *r, struct av_err *err)
{
	uint32_t cur = snap_get_count(r, FW_CFG_NITEMS);
	uint64_t offset = snap_get_u64(r), dma = snap_get_u64(r);
	size_t len;

	if (r->bad || (uint32_t)dma)
		return av_errf(err, EINVAL, "snapshot: the fw_cfg state is malformed");
	pthread_mutex_lock(&fc->lock);
	len = cur < FW_CFG_NITEMS ? fc->items[cur].len : 0;
	if (offset > len) {
		pthread_mutex_unlock(&fc->lock);
		return av_errf(err, EINVAL,
			       "snapshot: fw_cfg item %#x is read at offset %llu, past its %zu bytes",
			       cur, (unsigned long long)offset, len);
	}
	fc->cur = cur;
	fc->offset = (size_t)offset;
	fc->dma_addr = dma;
	pthread_mutex_unlock(&fc->lock);
	return 0;
}
