// Everything a plugin needs: include this one header.
#pragma once
#include "abi.hpp"
#include "criterion.hpp"
#include "dataset.hpp"
#include "importer.hpp"
#include "indicator.hpp"
#include "params.hpp"
#include "plugin.hpp"
#include "registry.hpp"
#include "renderer.hpp"
#include "roadmap.hpp"
#include "section.hpp"
#include "table.hpp"
