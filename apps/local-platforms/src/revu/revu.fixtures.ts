import { BoardListing, daysAhead } from '../listing-board';

/** What revu lists when the stand-in starts. */
export function revuFixtures(): BoardListing[] {
  return [
    {
      id: '1001',
      title: '[강남] 이탈리안 레스토랑 2인 코스 체험',
      category: '맛집',
      reward: '80,000원 상당 식사권',
      deadline: daysAhead(10),
      capacity: 10,
      applied: 3,
    },
    {
      id: '1002',
      title: '비건 수분 크림 50ml 체험단',
      category: '뷰티',
      reward: '35,000원 상당 제품',
      deadline: daysAhead(7),
      capacity: 20,
      applied: 12,
    },
    {
      id: '1003',
      title: '겨울 패딩 점퍼 리뷰어 모집',
      category: '패션',
      reward: '150,000원 상당 제품',
      deadline: daysAhead(14),
      capacity: 5,
      applied: 5,
    },
    {
      id: '1004',
      title: '무선 이어폰 신제품 체험',
      category: '디지털',
      reward: '120,000원 상당 제품',
      deadline: daysAhead(5),
      capacity: 8,
      applied: 1,
    },
    {
      id: '1005',
      title: '제주 감성 숙소 1박',
      category: '여행',
      reward: '200,000원 상당 숙박권',
      deadline: daysAhead(20),
      capacity: 3,
      applied: 0,
    },
    {
      id: '1006',
      title: '반려견 수제 간식 세트',
      category: '반려동물',
      reward: '25,000원 상당 제품',
      deadline: daysAhead(9),
      capacity: 15,
      applied: 4,
    },
  ];
}
