package dev.kefu.aftersales.cases;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;
import reactor.core.publisher.Flux;

public interface CaseRepository extends ReactiveMongoRepository<CaseDocument, String> {

    Flux<CaseDocument> findByState_ShopIdAndState_BuyerIdOrderByState_OpenedAtDesc(String shopId, String buyerId);

    Flux<CaseDocument> findByState_ShopIdAndState_StatusOrderByState_OpenedAtDesc(String shopId, CaseStatus status);

    Flux<CaseDocument> findByState_ShopIdAndState_BuyerIdAndState_StatusOrderByState_OpenedAtDesc(
            String shopId, String buyerId, CaseStatus status);
}
