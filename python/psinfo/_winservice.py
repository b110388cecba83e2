"""psutil's Windows services: win_service_iter(), win_service_get() and WindowsService.
The package exports them on Windows only, as psutil does; elsewhere the C functions answer
ENOTSUP (NotImplementedError)."""

from __future__ import annotations

import ctypes
from typing import Dict, Iterator, Optional, Union

from ._common import AccessDenied, NoSuchProcess, c_str, error_for
from ._lib import ENOSUCHPROCESS, EACCES, _WinService, _lib


# psutil's as_dict() order: the configuration, the status, the name, the description.
_AS_DICT = ("display_name", "binpath", "username", "start_type", "status", "pid", "name",
            "description")


def _rows(fn, free, *args, name=None):
    """The rows of a psinfo_win_service_* call as dicts (None for what the C list leaves
    out); psutil's exceptions for a service that is missing or denied."""
    ptr = ctypes.POINTER(_WinService)()
    count = ctypes.c_size_t(0)
    rc = fn(ctypes.byref(ptr), ctypes.byref(count), ctypes.sizeof(_WinService), *args)
    if rc == ENOSUCHPROCESS:
        raise NoSuchProcess(None, name, "service %r does not exist" % name)
    if rc == EACCES and name is not None:
        raise AccessDenied(None, name,
                           "service %r is not querable (not enough privileges)" % name)
    if rc != 0:
        raise error_for(rc)
    try:
        out = []
        for i in range(count.value):
            s = ptr[i]
            d = {}
            for f in _AS_DICT:
                v = s.value(f)
                d[f] = v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else v
            out.append(d)
        return out
    finally:
        free(ptr, count)


class WindowsService:  # noqa: PLW1641 (psutil's: equality by name, no hash)
    """Represents an installed Windows service."""

    def __init__(self, name: str, display_name: Optional[str]):
        self._name = name
        self._display_name = display_name

    def __str__(self):
        details = "(name=%r, display_name=%r)" % (self._name, self._display_name)
        return "%s%s" % (self.__class__.__name__, details)

    def __repr__(self):
        return "<%s at %s>" % (self.__str__(), id(self))

    def __eq__(self, other: object):
        if not isinstance(other, WindowsService):
            return NotImplemented
        return self._name == other._name

    def __ne__(self, other: object):
        return not self == other

    def _query(self) -> Dict[str, Union[str, int, None]]:
        return _rows(_lib.psinfo_win_service_get, _lib.psinfo_free_win_service_get,
                     c_str(self._name, "name"), name=self._name)[0]

    def name(self) -> str:
        """The service name, which win_service_get() takes."""
        return self._name

    def display_name(self) -> Optional[str]:
        """The service display name, kept from when the object was made."""
        return self._display_name

    def binpath(self) -> str:
        """The command line of the service's program, arguments included."""
        return self._query()["binpath"]

    def username(self) -> str:
        """The name of the user that owns this service."""
        return self._query()["username"]

    def start_type(self) -> str:
        """"automatic", "manual" or "disabled"."""
        return self._query()["start_type"]

    def pid(self) -> Optional[int]:
        """The PID of the service's process, or None."""
        return self._query()["pid"]

    def status(self) -> str:
        """"running", "paused", "start_pending", "pause_pending", "continue_pending",
        "stop_pending" or "stopped"."""
        return self._query()["status"]

    def description(self) -> str:
        """The service's long description ("" if none)."""
        return self._query()["description"]

    def as_dict(self) -> Dict[str, Union[str, int, None]]:
        """Everything above in one dict (psutil's keys)."""
        d = self._query()
        d["name"] = self._name
        d["display_name"] = self._display_name
        return d


def win_service_iter() -> Iterator[WindowsService]:
    """psutil.win_service_iter(): every installed Windows service."""
    for d in _rows(_lib.psinfo_win_service_iter, _lib.psinfo_free_win_service_iter):
        yield WindowsService(d["name"], d["display_name"])


def win_service_get(name: str) -> WindowsService:
    """psutil.win_service_get(name): the service of that name (NoSuchProcess if none)."""
    d = _rows(_lib.psinfo_win_service_get, _lib.psinfo_free_win_service_get,
              c_str(name, "name"), name=name)[0]
    return WindowsService(name, d["display_name"])
