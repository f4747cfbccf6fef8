package { name = "Новосибирская область", level = "region" }
