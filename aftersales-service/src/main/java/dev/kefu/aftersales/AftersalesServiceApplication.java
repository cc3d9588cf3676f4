package dev.kefu.aftersales;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AftersalesServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AftersalesServiceApplication.class, args);
    }
}
