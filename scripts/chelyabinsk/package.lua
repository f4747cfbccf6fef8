package { name = "Челябинская область", level = "region" }
