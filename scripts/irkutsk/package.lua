package { name = "Иркутская область", level = "region" }

require "indicator_types"
