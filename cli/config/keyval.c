// SPDX-License-Identifier: GPL-2.0
/*
 * QemuOpts strings: "virt,gic-version=3,dumpdtb=a,,b.dtb". Elements are
 * separated by ',' and ",," stands for a literal comma (qemu-options.hx,
 * "-drive file=a,,b"). Only the first element may omit "key=", and only
 * where the option has an implied key (QEMU's implied_opt_name) - except
 * in qemuopts_parse(), which also takes QemuOpts' short-form booleans.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../opts.h"

/* Copy one element starting at *pos, undoubling ",,"; advance *pos. */
static char *keyval_next_element(const char **pos)
{
	const char *p = *pos;
	size_t len = strlen(p);
	char *out = malloc(len + 1);
	size_t n = 0;

	if (!out)
		return NULL;
	while (*p) {
		if (*p == ',') {
			if (p[1] != ',')
				break;
			p++;
		}
		out[n++] = *p++;
	}
	out[n] = '\0';
	*pos = *p ? p + 1 : p;
	return out;
}

static int keyval_push(struct keyval_list *out, char *key, char *value)
{
	struct keyval *items;

	items = realloc(out->items, (out->count + 1) * sizeof(*items));
	if (!items)
		return -ENOMEM;
	out->items = items;
	items[out->count].key = key;
	items[out->count].value = value;
	items[out->count].line = 0;
	out->count++;
	return 0;
}

/*
 * A bare "name" is "name=on" and "noname" is "name=off" (QEMU 7.2
 * util/qemu-option.c get_opt_name_value(), deprecated but accepted:
 * "-chardev socket,...,server,nowait", "-drive ...,readonly").
 */
static void keyval_flag(char *elem, char **key, char **value)
{
	bool off = !strncmp(elem, "no", 2);

	*key = off ? strdup(elem + 2) : elem;
	*value = strdup(off ? "off" : "on");
	if (off)
		free(elem);
}

/* Split "key=value" in place; elem becomes owned by the list. */
static int keyval_add_element(struct keyval_list *out, char *elem, bool first,
			      const char *implied_key, bool flags,
			      struct av_err *err)
{
	char *eq = strchr(elem, '=');
	char *key = NULL, *value = NULL;

	if (!eq && flags && !(first && implied_key)) {
		keyval_flag(elem, &key, &value);
		if (key && !key[0]) {
			free(key);
			free(value);
			return av_errf(err, EINVAL, "empty parameter name");
		}
	} else if (eq) {
		*eq = '\0';
		if (!elem[0]) {
			free(elem);
			return av_errf(err, EINVAL, "empty parameter name");
		}
		key = elem;
		value = strdup(eq + 1);
	} else if (first && implied_key) {
		key = strdup(implied_key);
		value = elem;
	} else {
		av_errf(err, EINVAL, "expected '=' after parameter '%s'", elem);
		free(elem);
		return -EINVAL;
	}
	if (!key || !value || keyval_push(out, key, value)) {
		free(key);
		free(value);
		return av_errf(err, ENOMEM, "out of memory");
	}
	return 0;
}

static int keyval_parse_mode(const char *s, const char *implied_key,
			     bool flags, struct keyval_list *out,
			     struct av_err *err)
{
	const char *pos = s;
	bool first = true;
	int ret;

	out->items = NULL;
	out->count = 0;
	/* QemuOpts without an implied key reads "" as no element at all. */
	if (flags && !implied_key && !*s)
		return 0;
	while (*pos || first) {
		char *elem = keyval_next_element(&pos);

		if (!elem) {
			keyval_free(out);
			return av_errf(err, ENOMEM, "out of memory");
		}
		ret = keyval_add_element(out, elem, first, implied_key, flags,
					 err);
		if (ret) {
			keyval_free(out);
			return ret;
		}
		first = false;
	}
	return 0;
}

int keyval_parse(const char *s, const char *implied_key,
		 struct keyval_list *out, struct av_err *err)
{
	return keyval_parse_mode(s, implied_key, false, out, err);
}

int qemuopts_parse(const char *s, const char *implied_key,
		   struct keyval_list *out, struct av_err *err)
{
	return keyval_parse_mode(s, implied_key, true, out, err);
}

void keyval_free(struct keyval_list *list)
{
	for (unsigned int i = 0; i < list->count; i++) {
		free(list->items[i].key);
		free(list->items[i].value);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

const char *keyval_last(const struct keyval_list *list, const char *key)
{
	const char *value = NULL;

	for (unsigned int i = 0; i < list->count; i++)
		if (!strcmp(list->items[i].key, key))
			value = list->items[i].value;
	return value;
}

int keyval_copy_last(char **dst, const struct keyval_list *list,
		     const char *key, struct av_err *err)
{
	const char *v = keyval_last(list, key);

	*dst = v ? strdup(v) : NULL;
	return v && !*dst ? av_errf(err, ENOMEM, "out of memory") : 0;
}

int keyval_add(struct keyval_list *list, const char *key, const char *value,
		unsigned int line)
{
	char *k = strdup(key), *v = strdup(value);

	if (!k || !v || keyval_push(list, k, v)) {
		free(k);
		free(v);
		return -ENOMEM;
	}
	list->items[list->count - 1].line = line;
	return 0;
}

int keyval_apply(struct vm_config *cfg, const struct keyval_list *kv,
		 const char *primary, prop_set_fn set, unsigned int *bad,
		 struct av_err *err)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 0; i < kv->count; i++) {
			bool first = primary && !strcmp(kv->items[i].key, primary);
			int ret;

			if (first != (pass == 0))
				continue;
			ret = set(cfg, kv->items[i].key, kv->items[i].value, err);
			if (ret) {
				*bad = i;
				return ret;
			}
		}
	}
	return 0;
}

int opts_apply(struct vm_config *cfg, const char *s, const char *implied_key,
	       prop_set_fn set, struct av_err *err)
{
	struct keyval_list kv;
	unsigned int bad;
	int ret;

	ret = keyval_parse(s, implied_key, &kv, err);
	if (!ret)
		ret = keyval_apply(cfg, &kv, implied_key, set, &bad, err);
	keyval_free(&kv);
	return ret;
}

const char *keyval_unknown(const struct keyval_list *kv,
			   const char *const *known, bool skip_common)
{
	for (unsigned int i = 0; i < kv->count; i++) {
		const char *k = kv->items[i].key;
		bool ok = skip_common && (!strcmp(k, "driver") || !strcmp(k, "id"));

		for (unsigned int j = 0; !ok && known[j]; j++)
			ok = !strcmp(k, known[j]);
		if (!ok)
			return k;
	}
	return NULL;
}

bool opts_is_help(const char *s)
{
	return !strcmp(s, "help") || !strcmp(s, "?");
}
