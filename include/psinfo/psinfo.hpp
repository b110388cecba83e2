// psinfo — everything. Include this, link psinfo::psinfo.
#pragma once

#include <psinfo/container.hpp>
#include <psinfo/cpu.hpp>
#include <psinfo/disk.hpp>
#include <psinfo/errors.hpp>
#include <psinfo/export.h>
#include <psinfo/host.hpp>
#include <psinfo/memory.hpp>
#include <psinfo/net.hpp>
#include <psinfo/process.hpp>
#include <psinfo/sampler.hpp>
#include <psinfo/sensors.hpp>
#include <psinfo/winservice.hpp>
