package org.bihuan;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Bihuan (闭环) — closed-loop issue handling on Camunda 7. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BihuanApplication {

  public static void main(String[] args) {
    SpringApplication.run(BihuanApplication.class, args);
  }
}
