"""WeChat's image upload (``render --to wechat --upload-images``): the Official Account API.

An access token from ``/cgi-bin/token`` (AppID from ``[wechat] app_id``, AppSecret from the
environment), then each local image through ``/cgi-bin/media/uploadimg``, which answers
with the image's address on WeChat's servers. Addresses are kept in
``.inpublic/wechat-images.json`` by AppID and by the hash of the file's bytes, so an image
is uploaded once; a later render, upload or not, uses them without the network.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

from inpublic._files import write_atomic
from inpublic.channels._images import LocalImage, fitted, message, taken
from inpublic.config import WechatSettings
from inpublic.errors import InpublicError

CACHE = "wechat-images.json"
TIMEOUT = 30  # seconds, for each request
_BAD_CREDENTIALS = {40001, 40013, 40125, 41002, 41004}  # invalid credential, appid, secret…
_IP_NOT_ALLOWED = {40164, 61004}
_TOO_LARGE = {40009, 45001}


def cached_urls(
    images: tuple[LocalImage, ...], settings: WechatSettings, state: Path
) -> dict[str, str]:
    """The WeChat address of each image (by name) uploaded before, read from the cache."""
    if not settings.app_id:
        return {}
    known = _read_cache(state).get(settings.app_id, {})
    digests = {image.name: _digest(image) for image in taken(images)}
    return {name: known[digest] for name, digest in digests.items() if digest in known}


def upload(
    images: tuple[LocalImage, ...],
    settings: WechatSettings,
    state: Path,
    lang: str,
    max_bytes: int,
    environ: dict[str, str] | None = None,
) -> dict[str, str]:
    """Upload each image not uploaded before; the WeChat address of every image, by name.
    Any refusal is an InpublicError of one line (what WeChat said, and what to do); the
    images uploaded before it stay in the cache."""
    environ = dict(os.environ) if environ is None else environ
    if not settings.app_id:
        raise InpublicError(message(lang, "no-app-id"), hint=message(lang, "no-app-id-hint"))
    urls = cached_urls(images, settings, state)
    missing = [image for image in taken(images) if image.name not in urls]
    if not missing:
        return urls
    env = settings.app_secret_env
    secret = environ.get(env, "")
    if not secret:
        raise InpublicError(
            message(lang, "no-secret", env=env), hint=message(lang, "no-secret-hint", env=env)
        )
    api = _Api(settings, lang)
    token = api.token(secret)
    for image in missing:
        data, mime = fitted(image, 1 << 16, max_bytes)
        suffix = ".png" if mime == "image/png" else ".jpg"
        answer = api.call(
            f"/cgi-bin/media/uploadimg?access_token={token}",
            image.name,
            _multipart("media", Path(image.name).stem + suffix, mime, data),
        )
        url = answer.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise InpublicError(
                message(lang, "api-error", what=image.name, code="-", errmsg=str(answer)[:80]),
                hint=message(lang, "api-error-hint"),
            )
        urls[image.name] = url
        _remember(state, settings.app_id, _digest(image), url)
    return urls


class _Api:
    def __init__(self, settings: WechatSettings, lang: str) -> None:
        self.base = settings.api_base.rstrip("/")
        self.app_id = settings.app_id
        self.env = settings.app_secret_env
        self.lang = lang

    def token(self, secret: str) -> str:
        from urllib.parse import urlencode

        query = urlencode(
            {"grant_type": "client_credential", "appid": self.app_id, "secret": secret}
        )
        answer = self.call(f"/cgi-bin/token?{query}", "access_token")
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise self.refused("access_token", {"errcode": "-", "errmsg": str(answer)[:80]})
        return token

    def call(self, path: str, what: str, body: tuple[bytes, str] | None = None) -> dict[str, Any]:
        """The JSON answer of a GET (or, with ``body`` and its content type, a POST)."""
        import urllib.error
        import urllib.request

        request = urllib.request.Request(self.base + path)
        if body is not None:
            request.data, request.method = body[0], "POST"
            request.add_header("Content-Type", body[1])
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise self.unreachable(f"HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise self.unreachable(str(reason)) from None
        except ValueError:
            raise self.unreachable("the answer is not JSON") from None
        if not isinstance(answer, dict):
            raise self.unreachable("the answer is not a JSON object")
        if answer.get("errcode"):
            raise self.refused(what, answer)
        return answer

    def unreachable(self, reason: str) -> InpublicError:
        return InpublicError(
            message(self.lang, "unreachable", base=self.base, reason=reason),
            hint=message(self.lang, "unreachable-hint"),
        )

    def refused(self, what: str, answer: dict[str, Any]) -> InpublicError:
        code = answer.get("errcode")
        values = {
            "code": code,
            "errmsg": " ".join(str(answer.get("errmsg", "")).split())[:120],
            "env": self.env,
            "name": what,
            "what": what,
        }
        key = "api-error"
        if code in _BAD_CREDENTIALS:
            key = "bad-credentials"
        elif code in _IP_NOT_ALLOWED:
            key = "ip-not-allowed"
        elif code in _TOO_LARGE:
            key = "too-large"
        return InpublicError(
            message(self.lang, key, **values), hint=message(self.lang, f"{key}-hint", **values)
        )


def _multipart(field: str, filename: str, mime: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with one file, and its content type."""
    boundary = uuid.uuid4().hex
    quoted = filename.replace("\\", "\\\\").replace('"', '\\"')
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{quoted}"\r\nContent-Type: {mime}\r\n\r\n'
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


def _digest(image: LocalImage) -> str:
    assert image.source is not None
    return hashlib.sha256(image.source.read_bytes()).hexdigest()


def _read_cache(state: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((state / CACHE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        app: {key: url for key, url in urls.items() if isinstance(url, str)}
        for app, urls in data.items()
        if isinstance(urls, dict)
    }


def _remember(state: Path, app_id: str, digest: str, url: str) -> None:
    data = _read_cache(state)
    data.setdefault(app_id, {})[digest] = url
    write_atomic(state / CACHE, json.dumps(data, indent=2, sort_keys=True) + "\n")
